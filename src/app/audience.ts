/**
 * Wiring of the audience area: services on the App, the durable jobs (CSV import, property value
 * removal), the recurring jobs (retention, count reconciliation, segment counts, form metadata
 * scrub) and the onboarding step.
 */
import type { App } from "./create-app";
import { BULK_JOB, createAudienceService, STRIP_PROPERTY_JOB, type AudienceService, type BulkPayload, type OrgScope } from "../domain/audience/service";
import { createContactTokens } from "../domain/audience/tokens";
import { createFormsService, type FormsService } from "../domain/forms/service";
import { createImportsService, type ImportsService } from "../domain/imports/service";
import { IMPORT_JOB } from "../domain/imports/model";
import { systemActor } from "../domain/accounts/model";
import type { RecurringJob } from "../jobs/scheduler";
import type { TenantContext } from "../domain/context";
import { createAccountDataService, type AccountDataService } from "../domain/account-data/service";

declare module "./create-app" {
  interface App {
    audience: AudienceService;
    forms: FormsService;
    imports: ImportsService;
    accountData: AccountDataService;
  }
}

export type AudienceKeys = "audience" | "forms" | "imports" | "accountData";

export function installAudience(app: App): void {
  const openOrg = (orgId: string) => {
    const org = app.orgs.byId(orgId);
    return org ? { org, db: app.tenants.get(org.id) } : null;
  };
  const enqueue = (kind: string, payload: unknown, orgId: string) => app.queue.enqueue(kind, payload, { orgId });
  app.audience = createAudienceService({
    clock: app.clock, audit: app.audit, logger: app.logger, publicUrl: app.publicUrl, enqueue,
    mailer: () => app.mail.current,
    tokens: createContactTokens(app.secret),
    senderName: (scope) => app.settings.profile(scope).defaultFromName || scope.org.name,
  }, openOrg);
  app.forms = createFormsService({ clock: app.clock, audit: app.audit, logger: app.logger, audience: app.audience, openOrg, featureOn: (orgId) => app.flags.isEnabled(orgId, "forms") });
  app.accountData = createAccountDataService({
    clock: app.clock, logger: app.logger, audit: app.audit, accounts: app.accounts, orgs: app.orgs, settings: app.settings, publicUrl: app.publicUrl,
    mailer: () => app.mail.current, tenantDb: (orgId) => app.tenants.get(orgId),
    orgJson: (db) => app.audience.exportJson({ db }, { forms: app.forms.listAll(db) }),
  });
  app.imports = createImportsService({ clock: app.clock, audit: app.audit, logger: app.logger, audience: app.audience, dataDir: app.config.dataDir, enqueue });

  const scopeOf = (orgId: string | null, job: string): OrgScope => {
    const opened = orgId ? openOrg(orgId) : null;
    if (!opened) throw new Error(`organization ${orgId} no longer exists`);
    return { ...opened, actor: systemActor(job) };
  };
  app.queue.register<{ importId: string }>({
    kind: IMPORT_JOB,
    maxAttempts: 3,
    run: async (payload, ctx) => {
      const r = await app.imports.run(scopeOf(ctx.orgId, IMPORT_JOB), payload.importId, (p) => ctx.progress({ rowsDone: p.rowsDone, bytesDone: p.bytesDone }));
      return { status: r.status, imported: r.imported, updated: r.updated, skipped: r.skipped, failed: r.failed };
    },
  });
  app.queue.register<{ key: string; propertyId: number }>({
    kind: STRIP_PROPERTY_JOB,
    run: async (payload, ctx) => {
      const scope = scopeOf(ctx.orgId, STRIP_PROPERTY_JOB);
      let total = 0;
      for (let n = -1; n !== 0; total += n) {
        n = app.audience.properties.stripBatch(scope, payload.key, payload.propertyId);
        await new Promise((r) => setImmediate(r));
      }
      return { contacts: total };
    },
  });
  app.queue.register<BulkPayload>({
    kind: BULK_JOB,
    maxAttempts: 1,
    run: async (payload, ctx) => {
      const scope = scopeOf(ctx.orgId, BULK_JOB);
      const tenant: TenantContext = { ...scope, role: "admin", actor: payload.actor };
      return app.audience.bulk(tenant, payload, (done, total) => ctx.progress({ done, total }));
    },
  });
  for (const job of audienceRecurringJobs(app)) app.scheduler.register(job);
  app.onboarding.addStep({ id: "contact", order: 2, label: "Add your first contact", path: "/contacts", done: (ctx) => app.audience.contacts.hasAny(ctx) });
}

/** Runs `fn` for every organization, summing the numbers it returns. */
function eachOrg(app: App, fn: (ctx: Pick<TenantContext, "db" | "org">) => number): number {
  let total = 0;
  for (const org of app.orgs.list()) total += fn({ org, db: app.tenants.get(org.id) });
  return total;
}

function audienceRecurringJobs(app: App): RecurringJob[] {
  return [
    { name: "contacts.purge-deleted", schedule: "23 3 * * *", description: "Hard-delete contacts deleted more than 30 days ago", run: () => ({ purged: eachOrg(app, (c) => app.audience.purgeDeleted(c)) }) },
    { name: "topics.reconcile-counts", schedule: "41 3 * * *", description: "Recount topic members and live contacts and fix the cached counts", run: () => ({ fixed: eachOrg(app, (c) => app.audience.reconcileCounts(c)) }) },
    { name: "segments.refresh-counts", schedule: "*/30 * * * *", description: "Refresh the cached count of every saved segment", run: () => ({ segments: eachOrg(app, (c) => app.audience.segments.refreshCounts(c)) }) },
    { name: "accounts.purge-deletions", schedule: "11 4 * * *", description: "Delete accounts whose 30-day deletion grace period ended", run: () => ({ deleted: app.accountData.purgeDue(systemActor("accounts.purge-deletions")) }) },
    { name: "forms.scrub-metadata", schedule: "53 3 * * *", description: "Clear IP and user agent of form submissions older than 90 days", run: () => ({ scrubbed: eachOrg(app, (c) => app.forms.scrubMetadata(c.db)) }) },
  ];
}

const CONTACT_EVENT: Record<string, "delivered" | "bounced" | "soft_bounced" | "complained" | undefined> = {
  delivered: "delivered",
  complained: "complained",
};

/**
 * The MTA's outcomes reach the audience: suppression reads the blocklist, and events of mail no other
 * area claimed (transactional, system-style sends) land on the contact: a hard bounce or a complaint
 * blocklists the address, five soft bounces in a row too (issue 6 point 9).
 */
export function connectDeliveriesToAudience(app: App): void {
  app.suppression = { isSuppressed: (ctx, email) => app.audience.blocklist.isBlocked(ctx, email) };
  app.deliveries.addHandler((ctx, events) => {
    const scope: OrgScope = { ...ctx, actor: systemActor("mta") };
    const contactEvents = [];
    for (const e of events) {
      const type = e.type === "bounced" ? (e.class === "hard" || e.class === "block" ? "bounced" : "soft_bounced") : CONTACT_EVENT[e.type];
      if (!type) continue;
      const detail = e.reply ? `${e.reply.code ?? ""} ${e.reply.enhanced ?? ""} ${e.reply.text}`.trim() : e.reason;
      const contact = app.audience.contacts.byEmail(ctx, e.recipient);
      if (contact) contactEvents.push({ contactId: contact.id, type, at: e.at, detail });
      else if (type === "bounced" || type === "complained") app.audience.blocklist.suppressAddress(scope, e.recipient, type === "bounced" ? "bounced" : "complained", detail);
    }
    if (contactEvents.length) app.audience.blocklist.recordEmailEvents(scope, contactEvents);
    return [];
  });
}

/**
 * The audience of an organization: contacts, custom properties, topics with double opt-in,
 * consent (unsubscribe, preferences), the blocklist and email events, segments and the audience
 * walker used by sends. See docs/audience.md for the interfaces other areas use.
 */
import type { TenantContext } from "../context";
import type { AudienceDeps } from "./deps";
import { createContactsService } from "./contacts-service";
import { createPropertiesService } from "./properties-service";
import { createTopicsService } from "./topics-service";
import { createSubscriptionsService, type OpenOrg } from "./subscriptions-service";
import { createBlocklistService } from "./blocklist-service";
import { createSegmentsService } from "./segments-service";
import { countAudience, walkAudience, type AudienceSpec } from "./audience-walker";
import { CONTACT_RETENTION_MS } from "./model";
import * as q from "./queries";
import { audienceJson, contactsCsv, type ExportVariant } from "./export";
import { runBulk, type BulkPayload } from "./bulk";
import { inTx } from "./queries";

export { STRIP_PROPERTY_JOB } from "./properties-service";
export type { AudienceDeps, OrgScope } from "./deps";
export { publicActor } from "./deps";
export type { AudienceSpec, AudienceCounts, EligibleContact } from "./audience-walker";
export type { EmailEventInput } from "./blocklist-service";
export type { SubscribeOutcome } from "./topics-service";
export type { PreferenceUpdate } from "./subscriptions-service";
export { propertyValuesFrom } from "./contacts-service";
/** For bulk writers (CSV import): the index document builder and the email hash. */
export { contactDoc, hash53n, nameTerms, type PropertyMeta } from "./contact-index";
export { csvStream, type ExportVariant } from "./export";
export { BULK_JOB, type BulkPayload } from "./bulk";

export function createAudienceService(d: AudienceDeps, openOrg: OpenOrg) {
  const contacts = createContactsService(d);
  const topics = createTopicsService(d);
  return {
    contacts,
    properties: createPropertiesService(d),
    topics,
    subscriptions: createSubscriptionsService(d, openOrg),
    blocklist: createBlocklistService(d),
    segments: createSegmentsService(d),
    tokens: d.tokens,

    /** Bulk add/remove topic or delete, audited once; `onProgress` for the background job. */
    async bulk(ctx: TenantContext, p: BulkPayload, onProgress?: (done: number, total: number) => void) {
      const r = await runBulk({ contacts, topics }, ctx, p, onProgress);
      if (p.action !== "delete") d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: p.action === "add_topic" ? "topic.members_added" : "topic.members_removed", resource: "topic", resourceId: String(p.topicId), details: { contacts: r.changed } });
      return r;
    },

    /** CSV text of these contacts, batch by batch (IM-13 list variant, IM-14 account variant). */
    exportCsv: (ctx: Pick<TenantContext, "db">, idBatches: Iterable<number[]>, variant: ExportVariant) => contactsCsv(ctx.db, idBatches, variant),
    /** JSON members for the complete data export (AC-02): contacts, properties, topics, segments, blocked emails. */
    exportJson(ctx: Pick<TenantContext, "db">, extra: Record<string, unknown> = {}) {
      const segs = createSegmentsService(d).list(ctx);
      const blocked: unknown[] = [];
      for (let after: string | undefined; ; ) {
        const page = q.listBlocklist(ctx.db, { after, limit: 1000 });
        blocked.push(...page);
        if (page.length < 1000) break;
        after = page[page.length - 1]!.email;
      }
      return audienceJson(ctx.db, contacts.idBatches(ctx, {}, 1000), { segments: segs, blockedEmails: blocked, ...extra });
    },

    countAudience: (ctx: Pick<TenantContext, "db">, spec: AudienceSpec) => countAudience(ctx, spec, d.clock.now()),
    walkAudience: (ctx: Pick<TenantContext, "db">, spec: AudienceSpec, opts: { afterId?: number; batchSize?: number } = {}) =>
      walkAudience(ctx, spec, { ...opts, now: d.clock.now() }),

    /** Recounts live contacts and topic members (the daily reconciliation); returns what was off. */
    reconcileCounts: (ctx: Pick<TenantContext, "db">) => q.recountLive(ctx.db) + topics.reconcileCounts(ctx),

    /** Hard-deletes contacts soft-deleted more than 30 days ago (CT-20); returns how many. */
    purgeDeleted(ctx: Pick<TenantContext, "db">): number {
      let total = 0;
      for (;;) {
        const n = q.purgeDeletedContacts(ctx.db, d.clock.now() - CONTACT_RETENTION_MS);
        total += n;
        if (n === 0) return total;
      }
    },

    /** Rewrites every index document (after a format change or a restore from an old backup). */
    rebuildIndex(ctx: Pick<TenantContext, "db">, batch = 5000): number {
      let after = 0;
      let total = 0;
      const props = q.propertyMeta(ctx.db);
      q.clearIndex(ctx.db);
      for (;;) {
        const ids = q.liveContactIdsAfter(ctx.db, after, batch);
        if (!ids.length) return total;
        inTx(ctx.db, () => q.reindexContacts(ctx.db, ids, props));
        total += ids.length;
        after = ids[ids.length - 1]!;
      }
    },
  };
}

export type AudienceService = ReturnType<typeof createAudienceService>;

import { AppError, invalid } from "../../lib/errors";
import { normalizeEmail } from "../accounts/model";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceDeps, OrgScope } from "./deps";
import { BLOCK_REASONS, SOFT_BOUNCE_LIMIT, type BlockReason, type BlocklistEntry, type EmailEventType } from "./model";
import * as q from "./queries";
import { inTx } from "./queries";
import * as eq from "./event-queries";

/** One per-contact email event, as the campaign sender and the MTA report them. */
export interface EmailEventInput {
  contactId: number;
  type: EmailEventType;
  at: number;
  campaignId?: string | null;
  sendId?: string | null;
  /** The clicked URL (clicked). */
  link?: string | null;
  /** Bounce/complaint diagnostic, e.g. "550 5.1.1 user unknown". */
  detail?: string | null;
}

export function createBlocklistService(d: AudienceDeps) {
  /** Adds an address (idempotent: an existing entry keeps its first reason) and reindexes its contact. */
  function block(scope: OrgScope, email: string, reason: BlockReason, note: string, source: string): boolean {
    const now = d.clock.now();
    return inTx(scope.db, () => {
      const added = q.insertBlocked(scope.db, { email, reason, note: note.slice(0, 500), source, createdAt: now });
      const contact = added ? q.contactByEmail(scope.db, email) : undefined;
      if (contact) {
        q.reindexContacts(scope.db, [contact.id]);
        q.insertActivities(scope.db, [{ contactId: contact.id, type: "blocklisted", source, details: { reason, note: note || undefined }, actor: scope.actor.label, occurredAt: now }]);
      }
      return added;
    });
  }

  const service = {
    list: (ctx: Pick<TenantContext, "db">, opts: { search?: string; reason?: BlockReason; after?: string; limit?: number }) =>
      q.listBlocklist(ctx.db, { ...opts, search: opts.search?.trim().toLowerCase() || undefined, limit: Math.min(opts.limit ?? 50, 500) }),
    count: (ctx: Pick<TenantContext, "db">) => q.blocklistCount(ctx.db),
    entry: (ctx: Pick<TenantContext, "db">, email: string): BlocklistEntry | null => q.blockedEntry(ctx.db, email.trim().toLowerCase()) ?? null,
    isBlocked: (ctx: Pick<TenantContext, "db">, email: string) => !!q.blockedEntry(ctx.db, email.trim().toLowerCase()),

    /** Settings → Blocklist: manual add (CT-18). */
    add(ctx: TenantContext, body: { email?: unknown; note?: unknown; reason?: unknown }): BlocklistEntry {
      requirePermission(ctx, "contacts:manage");
      const email = normalizeEmail(body.email);
      const reason = (body.reason ?? "manual") as BlockReason;
      if (!BLOCK_REASONS.includes(reason)) throw invalid("reason", "Reason must be bounced, complained or manual.");
      const note = typeof body.note === "string" ? body.note.trim() : "";
      if (!block(ctx, email, reason, note, "admin")) throw new AppError("ALREADY_EXISTS", `${email} is already on the blocklist.`, { field: "email" });
      d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "blocklist.added", resource: "blocklist", resourceId: email, details: { reason } });
      return q.blockedEntry(ctx.db, email)!;
    },

    remove(ctx: TenantContext, rawEmail: string): void {
      requirePermission(ctx, "contacts:manage");
      const email = rawEmail.trim().toLowerCase();
      const now = d.clock.now();
      const removed = inTx(ctx.db, () => {
        if (!q.deleteBlocked(ctx.db, email)) return false;
        const contact = q.contactByEmail(ctx.db, email);
        if (contact) {
          q.updateContact(ctx.db, contact.id, { softBounceStreak: 0 });
          q.reindexContacts(ctx.db, [contact.id]);
          q.insertActivities(ctx.db, [{ contactId: contact.id, type: "unblocked", source: "admin", actor: ctx.actor.label, occurredAt: now }]);
        }
        return true;
      });
      if (!removed) throw new AppError("NOT_FOUND", `${email} is not on the blocklist.`);
      d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "blocklist.removed", resource: "blocklist", resourceId: email });
    },

    /**
     * For the MTA and provider webhooks: suppress an address after a hard bounce or a complaint
     * (CT-16, CT-17). Idempotent; returns whether the address was newly blocklisted.
     */
    suppressAddress(scope: OrgScope, rawEmail: string, reason: "bounced" | "complained", detail = ""): boolean {
      const email = rawEmail.trim().toLowerCase();
      const added = block(scope, email, reason, detail, reason === "bounced" ? "bounce" : "complaint");
      if (added) d.audit.record({ orgId: scope.org.id, actor: scope.actor, action: "blocklist.added", resource: "blocklist", resourceId: email, details: { reason, automatic: true } });
      return added;
    },

    /**
     * Batched per-contact email events (see docs/audience.md): one transaction for the batch;
     * updates the opened/clicked flags and the engagement clock; a hard bounce or complaint
     * blocklists the address; 5 soft bounces in a row (reset by a delivery) do too.
     */
    recordEmailEvents(scope: OrgScope, events: EmailEventInput[]): void {
      if (!events.length) return;
      const rows = events.map((e) => ({ contactId: e.contactId, type: e.type, campaignId: e.campaignId, sendId: e.sendId, link: e.link?.slice(0, 2000), detail: e.detail?.slice(0, 500), occurredAt: e.at }));
      const effects = inTx(scope.db, () => {
        eq.insertEmailEvents(scope.db, rows);
        const fx = eq.applyEventEffects(scope.db, rows, SOFT_BOUNCE_LIMIT);
        if (fx.reindex.length) q.reindexContacts(scope.db, fx.reindex);
        return fx;
      });
      const suppress = new Map<number, ["bounced" | "complained", string]>();
      for (const e of events) {
        if (e.type === "bounced") suppress.set(e.contactId, ["bounced", e.detail ?? "hard bounce"]);
        if (e.type === "complained") suppress.set(e.contactId, ["complained", e.detail ?? "spam complaint"]);
      }
      for (const id of effects.streakReached) if (!suppress.has(id)) suppress.set(id, ["bounced", `${SOFT_BOUNCE_LIMIT} soft bounces in a row`]);
      if (!suppress.size) return;
      for (const c of q.contactsByIds(scope.db, [...suppress.keys()])) {
        const [reason, detail] = suppress.get(c.id)!;
        if (c.email) service.suppressAddress(scope, c.email, reason, detail);
      }
    },
  };
  return service;
}

export type BlocklistService = ReturnType<typeof createBlocklistService>;

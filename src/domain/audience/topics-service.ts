import { AppError, invalid } from "../../lib/errors";
import { newSecret } from "../../lib/ids";
import { sha256Hex } from "../../lib/crypto";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceDeps, OrgScope } from "./deps";
import { BULK_BATCH, DOI_TOKEN_TTL_MS, checkTopicInput, type Topic } from "./model";
import * as q from "./queries";
import { inTx } from "./queries";
import * as tq from "./topic-queries";
import { doiMail } from "./messages";

export type SubscribeOutcome = "subscribed" | "pending_doi" | "already_member";
export interface SubscribeOptions {
  /** Who asked: admin, import, form, preferences, api. */
  source: string;
  /** The form's DOI toggle: forces DOI even when the topic does not require it (never weakens it). */
  forceDoi?: boolean;
  /** Preferences page and admin "without confirmation": subscribe at once. */
  skipDoi?: boolean;
  /** Send the confirmation mail for a pending DOI (TP-10: some admin/import paths do not). */
  sendConfirmation?: boolean;
}

const topicNotFound = () => new AppError("NOT_FOUND", "No such topic.");

export function createTopicsService(d: AudienceDeps) {
  const audit = (ctx: OrgScope, action: string, id: number | null, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "topic", resourceId: id === null ? null : String(id), details });

  const loadTopic = (ctx: Pick<TenantContext, "db">, id: number) => {
    const t = Number.isSafeInteger(id) ? tq.topicById(ctx.db, id) : undefined;
    if (!t) throw topicNotFound();
    return t;
  };

  /** A fresh DOI token: stored hashed on the contact, valid 7 days (TP-09). */
  function mintDoiToken(ctx: OrgScope, contactId: number): string {
    const secret = newSecret();
    q.updateContact(ctx.db, contactId, { doiTokenHash: sha256Hex(secret), doiTokenExpiresAt: d.clock.now() + DOI_TOKEN_TTL_MS });
    return `${ctx.org.id}.${secret}`;
  }

  async function sendConfirmation(ctx: OrgScope, contactId: number): Promise<string | null> {
    const c = q.contactById(ctx.db, contactId);
    if (!c?.email) return "The contact has no email address.";
    const token = mintDoiToken(ctx, contactId);
    const topics = tq.membershipsOf(ctx.db, contactId).filter((m) => m.requireDoubleOptIn).map((m) => m.topicName);
    try {
      await d.mailer().send(doiMail({ to: c.email, firstName: c.firstName, org: d.senderName(ctx), topics, link: `${d.publicUrl}/confirm?token=${encodeURIComponent(token)}` }));
      return null;
    } catch (e) {
      d.logger.warn("confirmation mail not sent", { orgId: ctx.org.id, contactId, error: (e as Error).message });
      return (e as Error).message;
    }
  }

  const service = {
    list: (ctx: Pick<TenantContext, "db">): Topic[] => tq.listTopics(ctx.db),
    get: (ctx: Pick<TenantContext, "db">, id: number): Topic => tq.toTopic(loadTopic(ctx, id)),

    create(ctx: TenantContext, body: Record<string, unknown>): Topic {
      requirePermission(ctx, "topics:manage");
      const input = checkTopicInput(body);
      if (tq.listTopics(ctx.db).some((t) => t.name.toLowerCase() === input.name.toLowerCase())) throw invalid("name", `A topic named "${input.name}" already exists.`);
      const now = d.clock.now();
      const id = tq.insertTopic(ctx.db, { ...input, createdAt: now, updatedAt: now });
      audit(ctx, "topic.created", id, { name: input.name, requireDoubleOptIn: input.requireDoubleOptIn });
      return this.get(ctx, id);
    },

    update(ctx: TenantContext, id: number, body: Record<string, unknown>): Topic {
      requirePermission(ctx, "topics:manage");
      const before = loadTopic(ctx, id);
      const input = checkTopicInput({ requireDoubleOptIn: body.requireDoubleOptIn ?? "false", ...body });
      if (tq.listTopics(ctx.db).some((t) => t.id !== id && t.name.toLowerCase() === input.name.toLowerCase())) throw invalid("name", `A topic named "${input.name}" already exists.`);
      tq.updateTopic(ctx.db, id, { ...input, updatedAt: d.clock.now() });
      audit(ctx, "topic.updated", id, { name: input.name, requireDoubleOptIn: input.requireDoubleOptIn, previousName: before.name !== input.name ? before.name : undefined });
      return this.get(ctx, id);
    },

    /** Deleting a topic removes its memberships, never the contacts (TP-03). */
    remove(ctx: TenantContext, id: number): void {
      requirePermission(ctx, "topics:manage");
      const t = loadTopic(ctx, id);
      for (;;) {
        const ids = tq.memberIdsAfter(ctx.db, id, 0, BULK_BATCH);
        if (!ids.length) break;
        inTx(ctx.db, () => {
          tq.removeMembers(ctx.db, ids, id);
          q.reindexContacts(ctx.db, ids);
        });
      }
      inTx(ctx.db, () => tq.deleteTopic(ctx.db, id));
      audit(ctx, "topic.deleted", id, { name: t.name });
    },

    /** Subscribe one contact (TP-07): subscribed, pending_doi or already_member. */
    async subscribe(ctx: OrgScope, contactId: number, topicId: number, opts: SubscribeOptions): Promise<{ outcome: SubscribeOutcome; mailError?: string | null }> {
      const topic = loadTopic(ctx, topicId);
      const c = q.contactById(ctx.db, contactId);
      if (!c) throw new AppError("NOT_FOUND", "No such contact.");
      if (tq.isMember(ctx.db, topicId, contactId)) return { outcome: "already_member" };
      const now = d.clock.now();
      const doi = (topic.requireDoubleOptIn || !!opts.forceDoi) && !opts.skipDoi && c.doiStatus !== "confirmed";
      const explicit = ["form", "preferences", "api"].includes(opts.source);
      inTx(ctx.db, () => {
        tq.addMembers(ctx.db, [{ topicId, contactId, source: opts.source, createdAt: now }]);
        const patch: Partial<q.ContactRow> = { updatedAt: now, lastEngagedAt: now };
        if (doi && c.doiStatus === "not_required") patch.doiStatus = "pending";
        if (explicit && c.unsubscribedAt) patch.unsubscribedAt = null;
        q.updateContact(ctx.db, contactId, patch);
        q.reindexContacts(ctx.db, [contactId]);
        q.insertActivities(ctx.db, [{ contactId, type: "topic_subscribed", source: opts.source, details: { topicId, topic: topic.name, pendingConfirmation: doi || undefined }, actor: ctx.actor.label, occurredAt: now }]);
      });
      if (!doi) return { outcome: "subscribed" };
      const mailError = opts.sendConfirmation ? await sendConfirmation(ctx, contactId) : null;
      return { outcome: "pending_doi", mailError };
    },

    /** Removes a contact from one topic (admin, topic link) and writes the consent record. */
    unsubscribe(ctx: OrgScope, contactId: number, topicId: number, source: string): boolean {
      const removed = inTx(ctx.db, () => {
        const rows = tq.removeMembers(ctx.db, [contactId], topicId);
        if (rows.length) {
          q.reindexContacts(ctx.db, [contactId]);
          q.insertActivities(ctx.db, rows.map((r) => ({ contactId, type: "topic_unsubscribed" as const, source, details: { topicId, topic: tq.topicById(ctx.db, topicId)?.name, subscribedAt: r.createdAt, subscribedVia: r.source }, actor: ctx.actor.label, occurredAt: d.clock.now() })));
        }
        return rows.length > 0;
      });
      return removed;
    },

    /** Admin: add or remove a member from the contact page (topics:manage) with an audit entry. */
    async addMember(ctx: TenantContext, contactId: number, topicId: number, withoutConfirmation: boolean) {
      requirePermission(ctx, "contacts:manage");
      const r = await service.subscribe(ctx, contactId, topicId, { source: "admin", skipDoi: withoutConfirmation, sendConfirmation: true });
      if (r.outcome !== "already_member") audit(ctx, "topic.member_added", topicId, { contactId, outcome: r.outcome });
      return r;
    },

    removeMember(ctx: TenantContext, contactId: number, topicId: number): void {
      requirePermission(ctx, "contacts:manage");
      if (service.unsubscribe(ctx, contactId, topicId, "admin")) audit(ctx, "topic.member_removed", topicId, { contactId });
    },

    /** TP-09: a new token and mail for a pending contact; refused otherwise. */
    async resendConfirmation(ctx: TenantContext, contactId: number): Promise<void> {
      requirePermission(ctx, "contacts:manage");
      const c = q.contactById(ctx.db, contactId);
      if (!c) throw new AppError("NOT_FOUND", "No such contact.");
      if (c.doiStatus !== "pending") throw new AppError("INVALID_STATE", "Only contacts waiting for confirmation can get a new confirmation mail.");
      const error = await sendConfirmation(ctx, contactId);
      if (error) throw new AppError("MAIL_FAILED", `The confirmation mail could not be sent: ${error}`);
      audit(ctx, "contact.doi_resent", null, { contactId });
    },

    sendConfirmation,
    reconcileCounts: (ctx: Pick<TenantContext, "db">) => tq.reconcileMemberCounts(ctx.db),
  };
  return service;
}

export type TopicsService = ReturnType<typeof createTopicsService>;

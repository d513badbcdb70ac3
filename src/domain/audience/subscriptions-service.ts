/**
 * The public side of consent: one-click unsubscribe, the preference center and DOI confirmation,
 * reached through signed or hashed tokens without a login. Results are plain data; the HTTP layer
 * maps them onto Owlat's wire shapes (api.md §5.2–5.4). Every change is a contact activity (consent record).
 */
import { sha256Hex } from "../../lib/crypto";
import type { Organization } from "../organizations/model";
import type { TenantDb } from "../../db/tenants";
import type { Actor } from "../accounts/model";
import type { AudienceDeps, OrgScope } from "./deps";
import type { TokenFailure, TokenPurpose } from "./tokens";
import { splitOrgToken } from "./tokens";
import * as q from "./queries";
import { inTx } from "./queries";
import * as tq from "./topic-queries";

export type OpenOrg = (orgId: string) => { org: Organization; db: TenantDb } | null;

export type Resolved = { ok: true; scope: OrgScope; contact: q.ContactRow } | { ok: false; reason: TokenFailure | "contact_not_found" };

export interface PreferenceUpdate {
  globalUnsubscribe?: boolean;
  topicUpdates?: { topicId: number; subscribed: boolean }[];
}

export function createSubscriptionsService(d: AudienceDeps, openOrg: OpenOrg) {
  function resolve(purpose: TokenPurpose, token: string, actor: Actor): Resolved {
    const v = d.tokens.verify(purpose, token, d.clock.now());
    if (!v.ok) return v;
    const opened = openOrg(v.orgId);
    const contact = opened ? q.contactById(opened.db, v.contactId) : undefined;
    if (!opened || !contact) return { ok: false, reason: "contact_not_found" };
    return { ok: true, scope: { ...opened, actor }, contact };
  }

  /** Removes the contact from every topic and stamps the global opt-out (TP-15). */
  function unsubscribeAll(scope: OrgScope, contactId: number, source: string): number {
    const now = d.clock.now();
    return inTx(scope.db, () => {
      const removed = tq.removeMembers(scope.db, [contactId]);
      const names = new Map(tq.listTopics(scope.db).map((t) => [t.id, t.name]));
      q.updateContact(scope.db, contactId, { unsubscribedAt: now, updatedAt: now });
      q.reindexContacts(scope.db, [contactId]);
      q.insertActivities(scope.db, [
        ...removed.map((r) => ({ contactId, type: "topic_unsubscribed" as const, source, details: { topicId: r.topicId, topic: names.get(r.topicId), subscribedAt: r.createdAt, subscribedVia: r.source }, actor: scope.actor.label, occurredAt: now })),
        { contactId, type: "unsubscribed" as const, source, details: { topicsRemoved: removed.length, ip: scope.actor.ip }, actor: scope.actor.label, occurredAt: now },
      ]);
      return removed.length;
    });
  }

  return {
    resolve,
    unsubscribeAll,
    mint: (purpose: TokenPurpose, orgId: string, contactId: number) => d.tokens.mint(purpose, orgId, contactId, d.clock.now()),

    /** GET /unsub/verify: what the unsubscribe page shows. */
    describe(r: Extract<Resolved, { ok: true }>) {
      return {
        email: r.contact.email,
        firstName: r.contact.firstName,
        subscribed: tq.topicIdsOf(r.scope.db, r.contact.id).length > 0,
        organizationName: d.senderName(r.scope),
        topics: tq.membershipsOf(r.scope.db, r.contact.id).map((m) => ({ id: m.topicId, name: m.topicName })),
      };
    },

    /** GET /prefs/verify: every topic of the organization with the contact's state (DX-09: all topics). */
    preferences(r: Extract<Resolved, { ok: true }>) {
      const mine = new Set(tq.topicIdsOf(r.scope.db, r.contact.id));
      return {
        email: r.contact.email,
        firstName: r.contact.firstName,
        teamName: d.senderName(r.scope),
        unsubscribedAt: r.contact.unsubscribedAt,
        topics: tq.listTopics(r.scope.db).map((t) => ({ _id: String(t.id), name: t.name, description: t.description, subscribed: mine.has(t.id) })),
      };
    },

    /** POST /prefs/update: only changed toggles; subscribes skip DOI; global unsubscribe wins. */
    updatePreferences(r: Extract<Resolved, { ok: true }>, update: PreferenceUpdate): { subscribed: number; unsubscribed: number } {
      const { scope, contact } = r;
      if (update.globalUnsubscribe) return { subscribed: 0, unsubscribed: unsubscribeAll(scope, contact.id, "preferences") };
      const last = new Map<number, boolean>();
      for (const u of update.topicUpdates ?? []) last.set(u.topicId, u.subscribed);
      const existing = new Set(tq.listTopics(scope.db).map((t) => t.id));
      const mine = new Set(tq.topicIdsOf(scope.db, contact.id));
      const now = d.clock.now();
      let subscribed = 0;
      let unsubscribed = 0;
      inTx(scope.db, () => {
        const names = new Map(tq.listTopics(scope.db).map((t) => [t.id, t.name]));
        for (const [topicId, want] of last) {
          if (!existing.has(topicId) || want === mine.has(topicId)) continue;
          if (want) {
            tq.addMembers(scope.db, [{ topicId, contactId: contact.id, source: "preferences", createdAt: now }]);
            q.insertActivities(scope.db, [{ contactId: contact.id, type: "topic_subscribed", source: "preferences", details: { topicId, topic: names.get(topicId) }, actor: scope.actor.label, occurredAt: now }]);
            subscribed++;
          } else {
            const rows = tq.removeMembers(scope.db, [contact.id], topicId);
            q.insertActivities(scope.db, rows.map((m) => ({ contactId: contact.id, type: "topic_unsubscribed" as const, source: "preferences", details: { topicId, topic: names.get(topicId), subscribedAt: m.createdAt, subscribedVia: m.source }, actor: scope.actor.label, occurredAt: now })));
            unsubscribed++;
          }
        }
        if (subscribed || unsubscribed) {
          q.updateContact(scope.db, contact.id, { updatedAt: now, ...(subscribed ? { unsubscribedAt: null, lastEngagedAt: now } : {}) });
          q.reindexContacts(scope.db, [contact.id]);
        }
      });
      return { subscribed, unsubscribed };
    },

    /** DOI token lookup for GET /confirm/doi/verify and the confirm page. */
    findDoi(token: unknown): { scope: Omit<OrgScope, "actor">; contact: q.ContactRow } | null {
      const parts = splitOrgToken(token);
      const opened = parts ? openOrg(parts.orgId) : null;
      const contact = opened && parts ? q.contactByDoiHash(opened.db, sha256Hex(parts.secret)) : undefined;
      if (!opened || !contact) return null;
      if (contact.doiStatus !== "confirmed" && (contact.doiTokenExpiresAt ?? 0) < d.clock.now()) return null;
      return { scope: opened, contact };
    },

    /** TP-08/TP-11: pending → confirmed, once; covers every DOI topic of the contact. */
    confirmDoi(token: unknown, actor: Actor): { ok: true; alreadyConfirmed: boolean; contactEmail: string | null } | { ok: false; reason: "token_not_found" | "token_expired" | "illegal_edge" } {
      const parts = splitOrgToken(token);
      const opened = parts ? openOrg(parts.orgId) : null;
      const contact = opened && parts ? q.contactByDoiHash(opened.db, sha256Hex(parts.secret)) : undefined;
      if (!opened || !contact) return { ok: false, reason: "token_not_found" };
      if (contact.doiStatus === "confirmed") return { ok: true, alreadyConfirmed: true, contactEmail: contact.email };
      if ((contact.doiTokenExpiresAt ?? 0) < d.clock.now()) return { ok: false, reason: "token_expired" };
      if (contact.doiStatus !== "pending") return { ok: false, reason: "illegal_edge" };
      const now = d.clock.now();
      inTx(opened.db, () => {
        q.updateContact(opened.db, contact.id, { doiStatus: "confirmed", doiConfirmedAt: now, doiTokenExpiresAt: now, unsubscribedAt: null, lastEngagedAt: now, updatedAt: now });
        q.reindexContacts(opened.db, [contact.id]);
        const doiTopics = tq.membershipsOf(opened.db, contact.id).filter((m) => m.requireDoubleOptIn);
        q.insertActivities(opened.db, doiTopics.map((m) => ({ contactId: contact.id, type: "topic_confirmed" as const, source: "doi_link", details: { topicId: m.topicId, topic: m.topicName, ip: actor.ip }, actor: actor.label, occurredAt: now })));
      });
      d.audit.record({ orgId: opened.org.id, actor, action: "contact.doi_confirmed", resource: "contact", resourceId: String(contact.id) });
      return { ok: true, alreadyConfirmed: false, contactEmail: contact.email };
    },
  };
}

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>;

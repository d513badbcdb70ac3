import { AppError, invalid } from "../../lib/errors";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceDeps, OrgScope } from "./deps";
import {
  BULK_BATCH, checkContactInput, coercePropertyValue, fullName,
  type Contact, type ContactFilter, type ContactSort, type ContactSource, type Membership, type Property, type TimelineEntry, type BlocklistEntry,
} from "./model";
import * as q from "./queries";
import { inTx } from "./queries";
import * as tq from "./topic-queries";
import * as eq from "./event-queries";
import { countContacts, filteredIdBatches, listContactPage } from "./list-queries";

export interface ContactDetail {
  contact: Contact;
  memberships: Membership[];
  blocked: BlocklistEntry | null;
  properties: Property[];
}

const notFound = () => new AppError("NOT_FOUND", "No such contact (it may have been deleted).");

/** Typed custom property values from a form body (`prop_<key>` fields); only keys present in the body change. */
export function propertyValuesFrom(body: Record<string, unknown>, props: Property[], current: Record<string, unknown> = {}): Record<string, unknown> {
  const next = { ...current };
  for (const p of props) {
    const field = `prop_${p.key}`;
    if (!(field in body)) continue;
    const v = coercePropertyValue(p.type, body[field], field, p.label);
    if (v === undefined) delete next[p.key];
    else next[p.key] = v;
  }
  return next;
}

export function createContactsService(d: AudienceDeps) {
  const audit = (ctx: OrgScope, action: string, resourceId: string | number | null, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "contact", resourceId: resourceId === null ? null : String(resourceId), details });

  function load(ctx: Pick<TenantContext, "db">, id: number): q.ContactRow {
    const row = Number.isSafeInteger(id) ? q.contactById(ctx.db, id) : undefined;
    if (!row) throw notFound();
    return row;
  }

  /** Creates a contact row and its index document; the caller decides about topics. */
  function insert(ctx: OrgScope, input: { email: string | null; firstName?: string; lastName?: string; language?: string; timezone?: string; notes?: string; properties?: Record<string, unknown> }, source: ContactSource, activitySource: string): Contact {
    const now = d.clock.now();
    if (input.email && q.contactByEmail(ctx.db, input.email)) throw new AppError("ALREADY_EXISTS", `A contact with ${input.email} already exists.`, { field: "email" });
    const id = inTx(ctx.db, () => {
      const id = q.insertContact(ctx.db, {
        email: input.email, firstName: input.firstName ?? "", lastName: input.lastName ?? "", language: input.language ?? "", timezone: input.timezone ?? "",
        notes: input.notes ?? "", properties: input.properties ?? {}, source, createdAt: now, updatedAt: now,
      });
      q.reindexContacts(ctx.db, [id]);
      q.insertActivities(ctx.db, [{ contactId: id, type: "created", source: activitySource, details: { source }, actor: ctx.actor.label, occurredAt: now }]);
      return id;
    });
    return q.toContact(q.contactById(ctx.db, id)!);
  }

  return {
    list(ctx: TenantContext, input: { filter: ContactFilter; sort: ContactSort; after?: string; limit?: number }) {
      const page = listContactPage(ctx.db, input.filter, input.sort, input.after, Math.min(Math.max(input.limit ?? 50, 1), 200));
      const blocked = q.blockedAmong(ctx.db, page.contacts.map((c) => c.email).filter((e): e is string => !!e));
      return { contacts: page.contacts.map((c) => ({ ...c, blocked: !!c.email && blocked.has(c.email) })), next: page.next };
    },

    count: (ctx: Pick<TenantContext, "db">, filter: ContactFilter) => countContacts(ctx.db, filter),
    total: (ctx: Pick<TenantContext, "db">) => q.liveContactCount(ctx.db),
    hasAny: (ctx: Pick<TenantContext, "db">) => q.hasAnyContact(ctx.db),
    idBatches: (ctx: Pick<TenantContext, "db">, filter: ContactFilter, batch = BULK_BATCH) => filteredIdBatches(ctx.db, filter, batch),
    byIds: (ctx: Pick<TenantContext, "db">, ids: number[]) => q.contactsByIds(ctx.db, ids).map(q.toContact),
    byEmail: (ctx: Pick<TenantContext, "db">, email: string) => { const r = q.contactByEmail(ctx.db, email.trim().toLowerCase()); return r ? q.toContact(r) : null; },

    get(ctx: Pick<TenantContext, "db">, id: number): ContactDetail {
      const contact = q.toContact(load(ctx, id));
      return {
        contact,
        memberships: tq.membershipsOf(ctx.db, id),
        blocked: contact.email ? q.blockedEntry(ctx.db, contact.email) ?? null : null,
        properties: q.listProperties(ctx.db),
      };
    },

    /** Audience → Contacts → Add contact (CT-05): tagged source "form" like Owlat's dashboard. */
    create(ctx: TenantContext, body: Record<string, unknown>): Contact {
      requirePermission(ctx, "contacts:manage");
      const input = checkContactInput(body);
      const properties = propertyValuesFrom(body, q.listProperties(ctx.db));
      const contact = insert(ctx, { ...input, properties }, "form", "admin");
      audit(ctx, "contact.created", contact.id, { email: contact.email });
      return contact;
    },

    /** Used by forms and other intake paths: strict (error if exists), upsert (return match), merge (fill empty fields). */
    findOrCreate(ctx: OrgScope, input: { email: string; firstName?: string; lastName?: string }, mode: "strict" | "upsert" | "merge", source: ContactSource): { contact: Contact; created: boolean } {
      const existing = q.contactByEmail(ctx.db, input.email);
      if (existing) {
        if (mode === "strict") throw new AppError("ALREADY_EXISTS", `A contact with ${input.email} already exists.`, { field: "email" });
        if (mode === "merge") {
          const patch: Partial<q.ContactRow> = {};
          if (input.firstName && !existing.firstName) patch.firstName = input.firstName;
          if (input.lastName && !existing.lastName) patch.lastName = input.lastName;
          if (Object.keys(patch).length) {
            q.updateContact(ctx.db, existing.id, { ...patch, updatedAt: d.clock.now() });
            q.reindexContacts(ctx.db, [existing.id]);
          }
        }
        return { contact: q.toContact(q.contactById(ctx.db, existing.id)!), created: false };
      }
      const contact = insert(ctx, { email: input.email, firstName: input.firstName, lastName: input.lastName }, source, source);
      audit(ctx, "contact.created", contact.id, { email: contact.email, source });
      return { contact, created: true };
    },

    update(ctx: TenantContext, id: number, body: Record<string, unknown>): Contact {
      requirePermission(ctx, "contacts:manage");
      const row = load(ctx, id);
      const input = checkContactInput(body, !!row.email || !!body.email);
      if (input.email && input.email !== row.email && q.contactByEmail(ctx.db, input.email)) throw invalid("email", `Another contact already uses ${input.email}.`);
      const props = q.listProperties(ctx.db);
      const properties = propertyValuesFrom(body, props, row.properties ?? {});
      const now = d.clock.now();
      const changed = (["email", "firstName", "lastName", "language", "timezone", "notes"] as const).filter((k) => (input[k] ?? null) !== (row[k] ?? null));
      const propChanges = props.filter((p) => JSON.stringify(properties[p.key] ?? null) !== JSON.stringify(row.properties?.[p.key] ?? null));
      if (!changed.length && !propChanges.length) return q.toContact(row);
      inTx(ctx.db, () => {
        q.updateContact(ctx.db, id, { ...input, properties, updatedAt: now });
        q.reindexContacts(ctx.db, [id], q.propertyMeta(ctx.db));
        q.insertActivities(ctx.db, [
          ...(changed.length ? [{ contactId: id, type: "updated" as const, source: "admin", details: { fields: changed.join(", ") }, actor: ctx.actor.label, occurredAt: now }] : []),
          ...propChanges.map((p) => ({ contactId: id, type: "property_updated" as const, source: "admin", details: { key: p.key, label: p.label, from: row.properties?.[p.key] ?? null, to: properties[p.key] ?? null }, actor: ctx.actor.label, occurredAt: now })),
        ]);
      });
      audit(ctx, "contact.updated", id, { fields: [...changed, ...propChanges.map((p) => p.key)].join(", ") });
      return q.toContact(q.contactById(ctx.db, id)!);
    },

    /** Deletes contacts (soft, 30-day retention; memberships and property values go at once). */
    remove(ctx: TenantContext, ids: number[]): number {
      requirePermission(ctx, "contacts:manage");
      const now = d.clock.now();
      let removed = 0;
      for (let i = 0; i < ids.length; i += BULK_BATCH) {
        const chunk = ids.slice(i, i + BULK_BATCH);
        removed += inTx(ctx.db, () => {
          tq.removeMembers(ctx.db, chunk);
          return q.softDeleteContacts(ctx.db, chunk, now);
        });
      }
      if (ids.length === 1) audit(ctx, "contact.deleted", ids[0]!);
      else if (removed) audit(ctx, "contact.bulk_deleted", null, { count: removed });
      return removed;
    },

    /** Activity, consent records and email events, newest first (AD-12). */
    timeline(ctx: Pick<TenantContext, "db">, id: number, before = Number.MAX_SAFE_INTEGER, limit = 50): { entries: TimelineEntry[]; next: number | null } {
      const row = load(ctx, id);
      const activities = q.activitiesOf(ctx.db, id, before, limit + 1).map((a): TimelineEntry => ({ kind: "activity", type: a.type, source: a.source, details: a.details ?? {}, actor: a.actor, at: a.occurredAt }));
      const events = eq.eventsOf(ctx.db, id, before, limit + 1).map((e): TimelineEntry => ({ kind: "email", type: e.type, source: "email", details: { campaignId: e.campaignId, link: e.link, detail: e.detail }, actor: null, at: e.occurredAt }));
      const synthesized: TimelineEntry[] = [];
      // Bulk imports write no per-row activity; their creation and subscriptions are read from the rows themselves.
      if (row.createdAt < before && !activities.some((a) => a.type === "created")) synthesized.push({ kind: "activity", type: "created", source: row.source, details: { source: row.source }, actor: null, at: row.createdAt });
      for (const m of tq.membershipsOf(ctx.db, id)) {
        if (m.source === "import" && m.createdAt < before) synthesized.push({ kind: "activity", type: "topic_subscribed", source: "import", details: { topic: m.topicName }, actor: null, at: m.createdAt });
      }
      const all = [...activities, ...events, ...synthesized].sort((a, b) => b.at - a.at);
      const entries = all.slice(0, limit);
      return { entries, next: all.length > limit ? entries[entries.length - 1]!.at : null };
    },

    /** Per-contact GDPR export (AD-14, the parts that exist): contact, memberships, values, activity, events, form submissions. */
    exportPerson(ctx: TenantContext, id: number): Record<string, unknown> {
      requirePermission(ctx, "organization:manage");
      const detail = this.get(ctx, id);
      const cap = 1000;
      const activities = q.activitiesOf(ctx.db, id, Number.MAX_SAFE_INTEGER, cap + 1);
      const events = eq.eventsOf(ctx.db, id, Number.MAX_SAFE_INTEGER, cap + 1);
      const submissions = eq.submissionsOf(ctx.db, id, cap + 1);
      audit(ctx, "contact.exported", id);
      return {
        exportedAt: new Date(d.clock.now()).toISOString(),
        contact: { ...detail.contact, name: fullName(detail.contact) },
        topicMemberships: detail.memberships,
        propertyValues: detail.properties.filter((p) => detail.contact.properties[p.key] !== undefined).map((p) => ({ key: p.key, label: p.label, type: p.type, value: detail.contact.properties[p.key] })),
        blocklist: detail.blocked,
        activities: { items: activities.slice(0, cap), truncated: activities.length > cap },
        emailEvents: { items: events.slice(0, cap), truncated: events.length > cap },
        formSubmissions: { items: submissions.slice(0, cap), truncated: submissions.length > cap },
      };
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;

import { AppError, invalid } from "../../lib/errors";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceDeps, OrgScope } from "./deps";
import { checkLabel, checkPropertyKey, checkPropertyType, propertyKeyFromLabel, type Property, type PropertyType } from "./model";
import * as q from "./queries";
import { inTx } from "./queries";

export const STRIP_PROPERTY_JOB = "audience.strip-property";

export function createPropertiesService(d: AudienceDeps) {
  const audit = (ctx: OrgScope, action: string, id: number, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "contact_property", resourceId: String(id), details });

  const load = (ctx: Pick<TenantContext, "db">, id: number) => {
    const p = Number.isSafeInteger(id) ? q.propertyById(ctx.db, id) : undefined;
    if (!p) throw new AppError("NOT_FOUND", "No such property.");
    return p;
  };

  const service = {
    list: (ctx: Pick<TenantContext, "db">): Property[] => q.listProperties(ctx.db),
    get: (ctx: Pick<TenantContext, "db">, id: number): Property => q.toProperty(load(ctx, id)),
    /** How many contacts have a value (shown before deleting, CP-05). */
    usage: (ctx: Pick<TenantContext, "db">, id: number): number => q.countWithProperty(ctx.db, id),

    /** Settings → Contact properties → New property (CP-01…CP-03); the key is derived from the label when empty. */
    create(ctx: TenantContext, body: { label?: unknown; key?: unknown; type?: unknown }): Property {
      requirePermission(ctx, "contacts:manage");
      const label = checkLabel(body.label);
      const key = checkPropertyKey(typeof body.key === "string" && body.key.trim() ? body.key : propertyKeyFromLabel(label));
      const type = checkPropertyType(body.type);
      if (q.propertyByKey(ctx.db, key)) throw invalid("key", `A property with the key "${key}" already exists.`);
      const now = d.clock.now();
      const id = q.insertProperty(ctx.db, { key, label, type, source: "manual", createdAt: now, updatedAt: now });
      audit(ctx, "contact_property.created", id, { key, type });
      return service.get(ctx, id);
    },

    /** Only the label changes after creation (CP-04). */
    rename(ctx: TenantContext, id: number, rawLabel: unknown): Property {
      requirePermission(ctx, "contacts:manage");
      const p = load(ctx, id);
      const label = checkLabel(rawLabel);
      q.renameProperty(ctx.db, id, label, d.clock.now());
      audit(ctx, "contact_property.updated", id, { key: p.key, label });
      return service.get(ctx, id);
    },

    /** Deletes the property; its values are wiped from every contact by a background job (CP-05). */
    remove(ctx: TenantContext, id: number): { contactsWithValue: number } {
      requirePermission(ctx, "contacts:manage");
      const p = load(ctx, id);
      const contactsWithValue = q.countWithProperty(ctx.db, id);
      q.deleteProperty(ctx.db, id);
      if (contactsWithValue) d.enqueue(STRIP_PROPERTY_JOB, { key: p.key, propertyId: id }, ctx.org.id);
      audit(ctx, "contact_property.deleted", id, { key: p.key, contactsWithValue });
      return { contactsWithValue };
    },

    /** Used by CSV import: existing key → its type; otherwise registered with the given type (CP-06). */
    ensure(ctx: OrgScope, key: string, label: string, type: PropertyType, source: string): Property {
      const existing = q.propertyByKey(ctx.db, key);
      if (existing) return q.toProperty(existing);
      const now = d.clock.now();
      const id = q.insertProperty(ctx.db, { key: checkPropertyKey(key), label: label.slice(0, 100) || key, type, source, createdAt: now, updatedAt: now });
      audit(ctx, "contact_property.created", id, { key, type, source });
      return service.get(ctx, id);
    },

    /** One batch of the strip job; returns how many contacts changed (0 = done). */
    stripBatch(ctx: Pick<TenantContext, "db">, key: string, propertyId: number, batch = 2000): number {
      return inTx(ctx.db, () => {
        const ids = q.stripPropertyValues(ctx.db, key, propertyId, batch);
        if (ids.length) q.reindexContacts(ctx.db, ids);
        return ids.length;
      });
    },
  };
  return service;
}

export type PropertiesService = ReturnType<typeof createPropertiesService>;

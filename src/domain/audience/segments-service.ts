import { AppError, invalid } from "../../lib/errors";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceDeps, OrgScope } from "./deps";
import * as q from "./queries";
import * as tq from "./topic-queries";
import * as sq from "./segment-queries";
import { compileSegment, referenceSql, type CompiledSegment } from "./segment-sql";
import { checkDefinition, safeDefinition, type Segment, type SegmentDefinition } from "./segment-model";

const toSegment = (r: ReturnType<typeof sq.segmentRow> & object): Segment => ({
  id: r.id, name: r.name, description: r.description, definition: r.definition as SegmentDefinition,
  cachedCount: r.cachedCount, countedAt: r.countedAt, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

function checkName(raw: unknown): string {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (!name) throw invalid("name", "Name is required.");
  if (name.length > 100) throw invalid("name", "Name must be at most 100 characters.");
  return name;
}

export function createSegmentsService(d: AudienceDeps) {
  const audit = (ctx: OrgScope, action: string, id: number, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "segment", resourceId: String(id), details });

  const load = (ctx: Pick<TenantContext, "db">, id: number) => {
    const r = Number.isSafeInteger(id) ? sq.segmentRow(ctx.db, id) : undefined;
    if (!r) throw new AppError("NOT_FOUND", "No such segment.");
    return r;
  };

  /** The compiled plan of a stored or edited definition; corrupt stored filters match nobody (SG-05). */
  function plan(ctx: Pick<TenantContext, "db">, raw: unknown): CompiledSegment {
    const props = q.listProperties(ctx.db);
    const def = safeDefinition(raw, props, tq.listTopics(ctx.db));
    return def ? compileSegment(def, props, d.clock.now()) : { match: null, where: null, combine: "AND", empty: true };
  }

  const validate = (ctx: Pick<TenantContext, "db">, raw: unknown) => checkDefinition(raw, q.listProperties(ctx.db), tq.listTopics(ctx.db));

  const service = {
    list: (ctx: Pick<TenantContext, "db">): Segment[] => sq.listSegmentRows(ctx.db).map(toSegment),
    get: (ctx: Pick<TenantContext, "db">, id: number): Segment => toSegment(load(ctx, id)),
    validate,

    /** Live preview while editing (SG-07); validation errors name the condition. */
    preview(ctx: TenantContext, raw: unknown): { count: number; ms: number } {
      requirePermission(ctx, "segments:manage");
      const def = validate(ctx, raw);
      const t = performance.now();
      const count = sq.countPlan(ctx.db, compileSegment(def, q.listProperties(ctx.db), d.clock.now()));
      return { count, ms: performance.now() - t };
    },

    count: (ctx: Pick<TenantContext, "db">, raw: unknown): number => sq.countPlan(ctx.db, plan(ctx, raw)),

    /** The same count through plain SQL only (tests and diagnostics). */
    countReference(ctx: Pick<TenantContext, "db">, raw: unknown): number {
      const props = q.listProperties(ctx.db);
      const def = safeDefinition(raw, props, tq.listTopics(ctx.db));
      return def ? sq.countReference(ctx.db, referenceSql(def, props, d.clock.now())) : 0;
    },

    create(ctx: TenantContext, body: { name?: unknown; description?: unknown; definition: unknown }): Segment {
      requirePermission(ctx, "segments:manage");
      const name = checkName(body.name);
      const definition = validate(ctx, body.definition);
      const now = d.clock.now();
      const count = sq.countPlan(ctx.db, compileSegment(definition, q.listProperties(ctx.db), now));
      const id = sq.insertSegment(ctx.db, { name, description: typeof body.description === "string" ? body.description.trim().slice(0, 500) : "", definition, cachedCount: count, countedAt: now, createdAt: now, updatedAt: now });
      audit(ctx, "segment.created", id, { name, conditions: definition.conditions.length });
      return service.get(ctx, id);
    },

    update(ctx: TenantContext, id: number, body: { name?: unknown; description?: unknown; definition: unknown }): Segment {
      requirePermission(ctx, "segments:manage");
      load(ctx, id);
      const name = checkName(body.name);
      const definition = validate(ctx, body.definition);
      const now = d.clock.now();
      const count = sq.countPlan(ctx.db, compileSegment(definition, q.listProperties(ctx.db), now));
      sq.updateSegment(ctx.db, id, { name, description: typeof body.description === "string" ? body.description.trim().slice(0, 500) : "", definition, cachedCount: count, countedAt: now, updatedAt: now });
      audit(ctx, "segment.updated", id, { name, conditions: definition.conditions.length });
      return service.get(ctx, id);
    },

    remove(ctx: TenantContext, id: number): void {
      requirePermission(ctx, "segments:manage");
      const r = load(ctx, id);
      sq.deleteSegment(ctx.db, id);
      audit(ctx, "segment.deleted", id, { name: r.name });
    },

    /** The cached counts of every segment (the `segments.refresh-counts` job, every 30 minutes). */
    refreshCounts(ctx: Pick<TenantContext, "db">): number {
      const rows = sq.listSegmentRows(ctx.db);
      for (const r of rows) sq.updateSegment(ctx.db, r.id, { cachedCount: sq.countPlan(ctx.db, plan(ctx, r.definition)), countedAt: d.clock.now() });
      return rows.length;
    },

    /** Matching contact ids in keyset pages (CSV export of matches, SG-08). */
    *idBatches(ctx: Pick<TenantContext, "db">, raw: unknown, batch = 1000): Generator<number[]> {
      const p = plan(ctx, raw);
      let after = 0;
      for (;;) {
        const ids = sq.idsPlan(ctx.db, p, after, batch);
        if (!ids.length) return;
        yield ids;
        after = ids[ids.length - 1]!;
        if (ids.length < batch) return;
      }
    },

    /** A snapshot of a saved segment's definition for a send (SG-09). */
    freeze(ctx: Pick<TenantContext, "db">, id: number): SegmentDefinition {
      return structuredClone(toSegment(load(ctx, id)).definition);
    },
  };
  return service;
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;

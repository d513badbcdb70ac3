import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { hasPermission } from "../../domain/organizations/model";
import { requirePermission, type TenantContext } from "../../domain/context";
import { CONTACT_SOURCES } from "../../domain/audience/model";
import { BUILTIN_FIELDS, OPERATOR_LABELS, operatorsFor, type Condition, type Segment, type SegmentDefinition } from "../../domain/audience/segment-model";
import { Conditions, SegmentCount, SegmentEditPage, SegmentsPage, type BuilderData, type DraftCondition, type SegmentEditView } from "../../../web/views/segments";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";
import { csvResponse } from "./contacts";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
type Body = Record<string, unknown>;

const blankRow = (): DraftCondition => ({ kind: "contact_property", field: "email", operator: "", value: "", topicId: "", withinDays: "" });

/** The builder's rows from the form body (`kind_0`, `field_0`, `op_0`, …), with add/remove applied. */
export function rowsFrom(body: Body): DraftCondition[] {
  const n = Math.min(Number(body.rows) || 0, 30);
  const rows: DraftCondition[] = [];
  for (let i = 0; i < n; i++) {
    const kind = str(body[`kind_${i}`]);
    rows.push({
      kind: kind === "email_activity" || kind === "topic_membership" ? kind : "contact_property",
      field: str(body[`field_${i}`]), operator: str(body[`op_${i}`]), value: str(body[`value_${i}`]), topicId: str(body[`topic_${i}`]), withinDays: str(body[`days_${i}`]),
    });
  }
  const remove = Number(body.remove);
  if (body.remove !== undefined && body.remove !== "" && Number.isInteger(remove)) rows.splice(remove, 1);
  if (body.add) rows.push(blankRow());
  return rows;
}

export function definitionFrom(body: Body, rows: DraftCondition[]): SegmentDefinition {
  return {
    match: body.match === "any" ? "any" : "all",
    conditions: rows.map((r): Condition => {
      if (r.kind === "topic_membership") return { kind: "topic_membership", topicId: Number(r.topicId), operator: r.operator === "not_equals" ? "not_equals" : "equals" };
      if (r.kind === "email_activity") {
        return { kind: "email_activity", field: r.field === "clicked" ? "clicked" : "opened", operator: r.operator === "is_false" ? "is_false" : "is_true", ...(r.withinDays ? { withinDays: Number(r.withinDays) } : {}) } as Condition;
      }
      return { kind: "contact_property", field: r.field, operator: r.operator as never, value: r.value };
    }),
  };
}

function rowsOf(def: SegmentDefinition): DraftCondition[] {
  return def.conditions.map((c) => c.kind === "topic_membership"
    ? { ...blankRow(), kind: c.kind, operator: c.operator, topicId: String(c.topicId) }
    : c.kind === "email_activity"
      ? { ...blankRow(), kind: c.kind, field: c.field, operator: c.operator, withinDays: c.withinDays ? String(c.withinDays) : "" }
      : { ...blankRow(), field: c.field, operator: c.operator, value: c.value ?? "" });
}

/** Audience → Segments: list, builder with a live count (htmx), save, delete, CSV export (SG-01…SG-11). */
export function segmentPages(t: TenantApp, app: App): void {
  const s = app.audience.segments;
  const base = (ctx: Ctx) => `/o/${ctx.tenant.org.slug}/segments`;
  const data = (ctx: Ctx): BuilderData => {
    const props = app.audience.properties.list(ctx.tenant);
    const fields = [...BUILTIN_FIELDS.map((f) => ({ key: f.key, label: f.label, type: f.type as string, builtin: true })), ...props.map((p) => ({ key: p.key, label: p.label, type: p.type as string, builtin: false }))];
    const operators = Object.fromEntries(["text", "number", "date", "boolean", "source"].map((type) => [type, operatorsFor(type as never).map((o) => ({ value: o, label: OPERATOR_LABELS[o] }))]));
    return { fields, topics: app.audience.topics.list(ctx.tenant), operators, sources: [...CONTACT_SOURCES] };
  };
  /** Fills defaults so that every row is a complete, valid choice in the selects. */
  const normalize = (d: BuilderData, rows: DraftCondition[]) => rows.map((r) => {
    if (r.kind !== "contact_property") return r;
    const field = d.fields.find((f) => f.key === r.field) ?? d.fields[0]!;
    const ops = d.operators[field.type] ?? [];
    return { ...r, field: field.key, operator: ops.some((o) => o.value === r.operator) ? r.operator : ops[0]!.value };
  });
  const counted = (ctx: Ctx, def: SegmentDefinition): SegmentEditView["count"] => {
    try {
      const r = s.preview(ctx.tenant, def);
      return { n: r.count, ms: r.ms };
    } catch (e) {
      const msg = Object.values(formErrors(e))[0];
      return { n: null, message: msg };
    }
  };
  const edit = (ctx: Ctx, segment: Segment | null, body: Body | null, errors: Record<string, string> = {}) => {
    const d = data(ctx);
    const rows = normalize(d, body ? rowsFrom(body) : segment ? rowsOf(segment.definition) : []);
    const def = body ? definitionFrom(body, rows) : segment?.definition ?? { match: "all", conditions: [] };
    const view: SegmentEditView = {
      segment, name: body ? str(body.name) : segment?.name ?? "", description: body ? str(body.description) : segment?.description ?? "",
      match: def.match, rows, data: d, count: counted(ctx, def), errors,
    };
    return <SegmentEditPage shell={shellOf(ctx, segment ? segment.name : "New segment")} view={view} />;
  };
  const idOf = (ctx: Ctx) => {
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "No such segment.");
    return id;
  };
  const save = (ctx: Ctx, id: number | null) => {
    const body = ctx.body as Body;
    const rows = normalize(data(ctx), rowsFrom(body));
    try {
      const input = { name: body.name, description: body.description, definition: definitionFrom(body, rows) };
      const seg = id ? s.update(ctx.tenant, id, input) : s.create(ctx.tenant, input);
      setFlash(ctx.cookie as never, { kind: "success", message: `Segment “${seg.name}” saved: ${seg.cachedCount?.toLocaleString("en")} contacts.` });
      return seeOther(ctx.request, `${base(ctx)}/${seg.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return edit(ctx, id ? s.get(ctx.tenant, id) : null, body, formErrors(e));
    }
  };

  t.get("/segments", (ctx) => <SegmentsPage shell={shellOf(ctx, "Segments")} segments={s.list(ctx.tenant)} canManage={hasPermission(ctx.tenant.role, "segments:manage")} />);
  t.get("/segments/new", (ctx) => {
    requirePermission(ctx.tenant, "segments:manage");
    return edit(ctx, null, null);
  });
  t.post("/segments", (ctx) => save(ctx, null));
  t.post("/segments/preview", (ctx) => {
    const body = ctx.body as Body;
    return <SegmentCount count={counted(ctx, definitionFrom(body, normalize(data(ctx), rowsFrom({ ...body, add: undefined, remove: undefined }))))} />;
  });
  t.post("/segments/builder", (ctx) => {
    requirePermission(ctx.tenant, "segments:manage");
    const d = data(ctx);
    return <Conditions view={{ rows: normalize(d, rowsFrom(ctx.body as Body)), data: d, errors: {} }} base={base(ctx)} />;
  });
  t.get("/segments/:id", (ctx) => edit(ctx, s.get(ctx.tenant, idOf(ctx)), null));
  t.post("/segments/:id", (ctx) => save(ctx, idOf(ctx)));
  t.post("/segments/:id/delete", (ctx) => {
    s.remove(ctx.tenant, idOf(ctx));
    setFlash(ctx.cookie as never, { kind: "success", message: "Segment deleted." });
    return seeOther(ctx.request, base(ctx));
  });
  t.get("/segments/:id/export.csv", (ctx) => {
    const seg = s.get(ctx.tenant, idOf(ctx));
    const name = seg.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || String(seg.id);
    return csvResponse(app.audience.exportCsv(ctx.tenant, s.idBatches(ctx.tenant, seg.definition), "list"), `segment-${name}.csv`);
  });
}

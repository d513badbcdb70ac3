import type { Topic } from "../../src/domain/audience/model";
import type { Segment } from "../../src/domain/audience/segment-model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, Card, CsrfField, EmptyState, LinkButton, PageHeader, formatTime } from "./ui";

/** One condition row as edited (may be incomplete while the user types). */
export interface DraftCondition {
  kind: "contact_property" | "email_activity" | "topic_membership";
  field: string;
  operator: string;
  value: string;
  topicId: string;
  withinDays: string;
}

export interface BuilderData {
  fields: { key: string; label: string; type: string; builtin: boolean }[];
  topics: Topic[];
  /** Operators offered per field type, with labels. */
  operators: Record<string, { value: string; label: string }[]>;
  sources: string[];
}

export interface SegmentEditView {
  segment: Segment | null;
  name: string;
  description: string;
  match: "all" | "any";
  rows: DraftCondition[];
  data: BuilderData;
  count: { n: number | null; ms?: number; message?: string };
  errors: Record<string, string>;
}

const sel = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

function ValueInput(p: { i: number; row: DraftCondition; type: string; data: BuilderData; op: string }) {
  const { i, row, type } = p;
  if (["is_empty", "not_empty", "is_true", "is_false"].includes(p.op)) return <input type="hidden" name={`value_${i}`} value="" />;
  if (type === "source") {
    return (
      <select name={`value_${i}`} class={sel} aria-label={`Value of condition ${i + 1}`}>
        {p.data.sources.map((s) => <option value={s} selected={row.value === s} safe>{s}</option>)}
      </select>
    );
  }
  return <input name={`value_${i}`} value={row.value} type={type === "number" ? "number" : type === "date" ? "date" : "text"} step={type === "number" ? "any" : undefined} placeholder="value" aria-label={`Value of condition ${i + 1}`} class={`${sel} w-40`} />;
}

function ConditionRow(p: { i: number; row: DraftCondition; data: BuilderData; base: string; error?: string }) {
  const { i, row, data } = p;
  // Builder requests queue behind each other, so a slow answer never overwrites a newer one.
  const restructure = { "hx-post": `${p.base}/builder`, "hx-target": "#conditions", "hx-swap": "outerHTML", "hx-trigger": "change", "hx-sync": "#segment-form:queue all" };
  const field = data.fields.find((f) => f.key === row.field) ?? data.fields[0];
  const ops = field ? data.operators[field.type] ?? [] : [];
  const op = ops.some((o) => o.value === row.operator) ? row.operator : ops[0]?.value ?? "";
  return (
    <li class="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-white p-2" data-condition={String(i)}>
      <span class="w-6 text-center text-xs text-slate-400" aria-hidden="true" safe>{String(i + 1)}</span>
      <select name={`kind_${i}`} class={sel} aria-label={`Kind of condition ${i + 1}`} {...restructure}>
        <option value="contact_property" selected={row.kind === "contact_property"}>Contact property</option>
        <option value="email_activity" selected={row.kind === "email_activity"}>Email activity</option>
        <option value="topic_membership" selected={row.kind === "topic_membership"}>Topic membership</option>
      </select>
      {row.kind === "contact_property" ? (
        <>
          <select name={`field_${i}`} class={sel} aria-label={`Field of condition ${i + 1}`} {...restructure}>
            <optgroup label="Built-in">{data.fields.filter((f) => f.builtin).map((f) => <option value={f.key} selected={f.key === field?.key} safe>{f.label}</option>)}</optgroup>
            {data.fields.some((f) => !f.builtin) ? <optgroup label="Custom properties">{data.fields.filter((f) => !f.builtin).map((f) => <option value={f.key} selected={f.key === field?.key} safe>{f.label}</option>)}</optgroup> : ""}
          </select>
          <select name={`op_${i}`} class={sel} aria-label={`Operator of condition ${i + 1}`} {...restructure}>
            {ops.map((o) => <option value={o.value} selected={o.value === op} safe>{o.label}</option>)}
          </select>
          <ValueInput i={i} row={row} type={field?.type ?? "text"} data={data} op={op} />
        </>
      ) : row.kind === "email_activity" ? (
        <>
          <select name={`op_${i}`} class={sel} aria-label={`Has or has not, condition ${i + 1}`}>
            <option value="is_true" selected={row.operator !== "is_false"}>has</option>
            <option value="is_false" selected={row.operator === "is_false"}>has not</option>
          </select>
          <select name={`field_${i}`} class={sel} aria-label={`Activity of condition ${i + 1}`}>
            <option value="opened" selected={row.field !== "clicked"}>opened an email</option>
            <option value="clicked" selected={row.field === "clicked"}>clicked a link</option>
          </select>
          <label class="flex items-center gap-1 text-sm text-slate-600">in the last
            <input name={`days_${i}`} value={row.withinDays} type="number" min="1" max="3650" placeholder="any" class={`${sel} w-20`} aria-label={`Days, condition ${i + 1} (empty: ever)`} /> days</label>
        </>
      ) : (
        <>
          <select name={`op_${i}`} class={sel} aria-label={`Member or not, condition ${i + 1}`}>
            <option value="equals" selected={row.operator !== "not_equals"}>is a member of</option>
            <option value="not_equals" selected={row.operator === "not_equals"}>is not a member of</option>
          </select>
          <select name={`topic_${i}`} class={sel} aria-label={`Topic of condition ${i + 1}`}>
            {data.topics.length === 0 ? <option value="">(no topics yet)</option> : ""}
            {data.topics.map((t) => <option value={String(t.id)} selected={row.topicId === String(t.id)} safe>{t.name}</option>)}
          </select>
        </>
      )}
      <button type="button" class="ml-auto rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100 hover:text-red-700" name="remove" value={String(i)} aria-label={`Remove condition ${i + 1}`}
        hx-post={`${p.base}/builder`} hx-target="#conditions" hx-swap="outerHTML" hx-sync="#segment-form:queue all">✕</button>
      {p.error ? <p class="w-full text-sm text-red-600" safe>{p.error}</p> : ""}
    </li>
  );
}

export function Conditions(p: { view: Pick<SegmentEditView, "rows" | "data" | "errors">; base: string }) {
  return (
    <div id="conditions">
      <input type="hidden" name="rows" value={String(p.view.rows.length)} />
      {p.view.rows.length === 0 ? <p class="mb-2 text-sm text-slate-500">No conditions: the segment holds every contact.</p> : ""}
      <ol class="mb-3 flex flex-col gap-2">
        {p.view.rows.map((row, i) => <ConditionRow i={i} row={row} data={p.view.data} base={p.base} error={p.view.errors[`condition_${i}`]} />)}
      </ol>
      <button type="button" class="rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50" name="add" value="1"
        hx-post={`${p.base}/builder`} hx-target="#conditions" hx-swap="outerHTML" hx-sync="#segment-form:queue all">+ Add condition</button>
    </div>
  );
}

export function SegmentCount(p: { count: SegmentEditView["count"] }) {
  const { n, ms, message } = p.count;
  return (
    <div id="segment-count" role="status" aria-live="polite" class="rounded-md bg-indigo-50 px-4 py-3 text-indigo-900">
      {n === null
        ? <p class="text-sm" safe>{message ?? "Complete the conditions to see how many contacts match."}</p>
        : <p><span class="text-2xl font-semibold" data-count={String(n)} safe>{n.toLocaleString("en")}</span> <span class="text-sm" safe>{`contact${n === 1 ? "" : "s"} match${n === 1 ? "es" : ""}${ms !== undefined ? ` · counted in ${ms < 1 ? "<1" : Math.round(ms)} ms` : ""}`}</span></p>}
    </div>
  );
}

export function SegmentEditPage(p: { shell: Shell; view: SegmentEditView }) {
  const { shell, view } = p;
  const base = `/o/${shell.org!.slug}/segments`;
  return (
    <AppLayout shell={shell}>
      <PageHeader title={view.segment ? `Segment: ${view.segment.name}` : "New segment"} subtitle="Contacts that meet all (or any) of the conditions. The count updates as you edit.">
        {view.segment ? <a href={`${base}/${view.segment.id}/export.csv`} hx-boost="false" class="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">Export matches to CSV</a> : ""}
      </PageHeader>
      {view.errors._form ? <Alert kind="error"><span safe>{view.errors._form}</span></Alert> : ""}
      <form id="segment-form" method="post" action={view.segment ? `${base}/${view.segment.id}` : base} novalidate
        hx-post={`${base}/preview`} hx-trigger="change, input delay:400ms" hx-target="#segment-count" hx-swap="outerHTML">
        <CsrfField token={shell.csrf} />
        <div class="grid gap-5 lg:grid-cols-3">
          <div class="lg:col-span-2">
            <Card class="mb-4">
              <fieldset class="mb-3">
                <legend class="mb-1 text-sm font-medium text-slate-700">Contacts must meet</legend>
                <label class="mr-4 text-sm"><input type="radio" name="match" value="all" checked={view.match === "all"} /> all conditions (AND)</label>
                <label class="text-sm"><input type="radio" name="match" value="any" checked={view.match === "any"} /> any condition (OR)</label>
              </fieldset>
              <Conditions view={view} base={base} />
            </Card>
          </div>
          <div>
            <Card class="mb-4"><SegmentCount count={view.count} /></Card>
            <Card>
              <div class="mb-4">
                <label for="f-name" class="mb-1 block text-sm font-medium text-slate-700">Name</label>
                <input id="f-name" name="name" value={view.name} required class={`w-full rounded-md border px-3 py-2 text-sm ${view.errors.name ? "border-red-500" : "border-slate-300"}`} placeholder="Engaged pro customers" />
                {view.errors.name ? <p class="mt-1 text-sm text-red-600" safe>{view.errors.name}</p> : ""}
              </div>
              <div class="mb-4">
                <label for="f-description" class="mb-1 block text-sm font-medium text-slate-700">Description</label>
                <input id="f-description" name="description" value={view.description} class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
              </div>
              <div class="flex gap-2">
                <Button>{view.segment ? "Save segment" : "Create segment"}</Button>
                <LinkButton href={base}>Cancel</LinkButton>
              </div>
            </Card>
          </div>
        </div>
      </form>
      {view.segment ? (
        <form method="post" action={`${base}/${view.segment.id}/delete`} class="mt-6" data-confirm={`Delete the segment “${view.segment.name}”? Contacts are not affected.`}>
          <CsrfField token={shell.csrf} />
          <Button variant="danger">Delete segment</Button>
        </form>
      ) : ""}
    </AppLayout>
  );
}

export function SegmentsPage(p: { shell: Shell; segments: Segment[]; canManage: boolean }) {
  const base = `/o/${p.shell.org!.slug}/segments`;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Segments" subtitle="Saved filters over your contacts; counts refresh every 30 minutes and on save.">
        {p.canManage ? <LinkButton href={`${base}/new`} variant="primary">New segment</LinkButton> : ""}
      </PageHeader>
      {p.segments.length === 0 ? <EmptyState title="No segments yet" text="Segment by properties, email activity and topics, e.g. “opened an email and plan is pro”." /> : (
        <Card>
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Name</th><th>Conditions</th><th>Contacts</th><th>Counted</th></tr></thead>
            <tbody>
              {p.segments.map((s) => (
                <tr class="border-b border-slate-100">
                  <td class="py-2"><a class="font-medium text-indigo-700 hover:underline" href={`${base}/${s.id}`} safe>{s.name}</a>{s.description ? <span class="block text-xs text-slate-500" safe>{s.description}</span> : ""}</td>
                  <td safe>{`${s.definition.conditions.length} · ${s.definition.match === "all" ? "all" : "any"}`}</td>
                  <td safe>{s.cachedCount === null ? "—" : s.cachedCount.toLocaleString("en")}</td>
                  <td class="text-slate-500" safe>{formatTime(s.countedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </AppLayout>
  );
}

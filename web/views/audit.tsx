import type { AuditEntry } from "../../src/domain/audit/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { EmptyState, PageHeader, formatTime } from "./ui";

export interface AuditView {
  entries: AuditEntry[];
  resources: string[];
  members: { userId: string; email: string }[];
  filter: { resource: string; actor: string; range: string; q: string };
  nextBeforeId: number | null;
}

/** Details as "key: value" pairs; a team-member entry names the member it is about. */
function detailsText(e: AuditEntry, members: AuditView["members"]): string {
  const member = e.resource === "team_member" && e.resourceId ? members.find((m) => m.userId === e.resourceId)?.email : undefined;
  const pairs = Object.entries(e.details ?? {}).map(([k, v]) => `${k}: ${String(v)}`);
  return (member && !pairs.some((p) => p.includes(member)) ? [`member: ${member}`, ...pairs] : pairs).join(" · ");
}

/** Rows only: the "Load more" button fetches the next page of this fragment. */
export function AuditRows(p: { shell: Shell; view: AuditView }) {
  const { view, shell } = p;
  const qs = (beforeId: number) => new URLSearchParams({ ...view.filter, before: String(beforeId) }).toString();
  return (
    <>
      {view.entries.map((e) => (
        <tr class="border-b border-slate-100 align-top" data-action={e.action}>
          <td class="whitespace-nowrap py-2 pr-3 text-slate-500" safe>{formatTime(e.createdAt)}</td>
          <td class="py-2 pr-3" safe>{e.actorLabel}</td>
          <td class="py-2 pr-3"><code class="text-xs" safe>{e.action}</code></td>
          <td class="py-2 pr-3 text-xs text-slate-600" safe>{detailsText(e, view.members)}</td>
          <td class="py-2 text-xs text-slate-400" safe>{e.ip ?? ""}</td>
        </tr>
      ))}
      {view.nextBeforeId ? (
        <tr id="audit-more">
          <td colspan="5" class="py-3 text-center">
            <button type="button" class="text-sm text-indigo-700 hover:underline" hx-get={`/o/${shell.org!.slug}/settings/audit/rows?${qs(view.nextBeforeId)}`} hx-target="#audit-more" hx-swap="outerHTML">Load more</button>
          </td>
        </tr>
      ) : ""}
    </>
  );
}

export function AuditPage(p: { shell: Shell; view: AuditView }) {
  const { shell, view } = p;
  const slug = shell.org!.slug;
  const f = view.filter;
  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <label class="text-sm">
      <span class="mb-1 block text-xs font-medium text-slate-600" safe>{label}</span>
      <select name={name} class="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
        {options.map(([v, l]) => <option value={v} selected={v === value} safe>{l}</option>)}
      </select>
    </label>
  );
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Audit log" subtitle="Who changed what, when, and from where.">
        <a class="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" href={`/o/${slug}/settings/audit.csv?${new URLSearchParams(f).toString()}`} hx-boost="false">Export CSV</a>
      </PageHeader>
      <form method="get" action={`/o/${slug}/settings/audit`} class="mb-4 flex flex-wrap items-end gap-3">
        {select("resource", "Resource", f.resource, [["", "All resources"], ...view.resources.map((r): [string, string] => [r, r])])}
        {select("actor", "Member", f.actor, [["", "Everyone"], ...view.members.map((m): [string, string] => [m.userId, m.email])])}
        {select("range", "When", f.range, [["24h", "Last 24 hours"], ["7d", "Last 7 days"], ["30d", "Last 30 days"], ["all", "All time"]])}
        <label class="text-sm"><span class="mb-1 block text-xs font-medium text-slate-600">Search</span>
          <input type="search" name="q" value={f.q} class="rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="action, member, details" /></label>
        <button type="submit" class="rounded-md bg-indigo-600 px-3 py-2 text-sm text-white">Filter</button>
      </form>
      {view.entries.length === 0 ? <EmptyState title="No entries" text="Nothing matches these filters." /> : (
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white px-4">
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">When</th><th>Who</th><th>What</th><th>Details</th><th>IP</th></tr></thead>
            <tbody id="audit-rows"><AuditRows shell={shell} view={view} /></tbody>
          </table>
        </div>
      )}
    </AppLayout>
  );
}

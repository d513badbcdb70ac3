import type { BlocklistEntry, Property } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, EmptyState, Field, PageHeader, SelectField, formatTime } from "./ui";

const TYPE_LABELS: Record<string, string> = { text: "Text", number: "Number", date: "Date", boolean: "Yes / no" };

export function PropertiesPage(p: { shell: Shell; props: (Property & { usage: number })[]; canManage: boolean; errors: Record<string, string>; values: Record<string, string> }) {
  const { shell, errors, values } = p;
  const base = `/o/${shell.org!.slug}/settings/properties`;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Contact properties" subtitle="Typed fields on every contact, used in segments and as {{key}} in emails." />
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <Card title="Properties" class="lg:col-span-2">
          {p.props.length === 0 ? <EmptyState title="No custom properties yet" text="Create one on the right, for example Plan (text) or Birthday (date)." /> : (
            <table class="w-full text-left text-sm">
              <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Label</th><th>Key</th><th>Type</th><th>Contacts with a value</th><th></th></tr></thead>
              <tbody>
                {p.props.map((prop) => (
                  <tr class="border-b border-slate-100 align-top">
                    <td class="py-2 pr-2">
                      {p.canManage ? (
                        <form method="post" action={`${base}/${prop.id}`} class="flex gap-1">
                          <CsrfField token={shell.csrf} />
                          <label class="sr-only" for={`label-${prop.id}`} safe>{`Label of ${prop.key}`}</label>
                          <input id={`label-${prop.id}`} name="label" value={prop.label} class="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm" />
                          <Button variant="ghost">Rename</Button>
                        </form>
                      ) : <span safe>{prop.label}</span>}
                    </td>
                    <td class="py-2 pr-2 font-mono text-xs" safe>{`{{${prop.key}}}`}</td>
                    <td class="py-2 pr-2"><Badge><span safe>{TYPE_LABELS[prop.type] ?? prop.type}</span></Badge></td>
                    <td class="py-2 pr-2" safe>{prop.usage.toLocaleString("en")}</td>
                    <td class="py-2 text-right">
                      {p.canManage ? (
                        <form method="post" action={`${base}/${prop.id}/delete`} data-confirm={`Delete “${prop.label}”? Its value is removed from ${prop.usage.toLocaleString("en")} contact(s) and segments using it stop matching.`}>
                          <CsrfField token={shell.csrf} />
                          <Button variant="danger">Delete</Button>
                        </form>
                      ) : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="mt-3 text-xs text-slate-500">After creation only the label can change; to change the key or type, delete the property and create it again.</p>
        </Card>
        {p.canManage ? (
          <Card title="New property">
            <form method="post" action={base} novalidate>
              <CsrfField token={shell.csrf} />
              <Field label="Label" name="label" value={values.label} error={errors.label} required placeholder="Plan" />
              <Field label="Key (optional)" name="key" value={values.key} error={errors.key} hint="Lowercase letters, digits and _. Derived from the label when empty." />
              <SelectField label="Type" name="type" value={values.type ?? "text"} error={errors.type} options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
              <Button>Create property</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

const REASONS: Record<string, string> = { bounced: "Bounced", complained: "Complained", manual: "Added manually" };

export function BlocklistPage(p: { shell: Shell; entries: BlocklistEntry[]; total: number; search: string; reason: string; next: string | null; canManage: boolean; errors: Record<string, string>; values: Record<string, string> }) {
  const { shell, errors } = p;
  const base = `/o/${shell.org!.slug}/settings/blocklist`;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Blocklist" subtitle={`${p.total.toLocaleString("en")} address(es) that receive no campaign mail. Bounces and spam complaints are added automatically.`} />
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <Card class="lg:col-span-2">
          <form method="get" action={base} role="search" class="mb-3 flex flex-wrap items-end gap-2">
            <div class="flex-1">
              <label for="bl-search" class="mb-1 block text-xs font-medium text-slate-600">Address starts with</label>
              <input id="bl-search" name="q" type="search" value={p.search} class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            </div>
            <div>
              <label for="bl-reason" class="mb-1 block text-xs font-medium text-slate-600">Reason</label>
              <select id="bl-reason" name="reason" class="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
                <option value="">Any reason</option>
                {Object.entries(REASONS).map(([v, l]) => <option value={v} selected={p.reason === v} safe>{l}</option>)}
              </select>
            </div>
            <Button variant="secondary">Filter</Button>
          </form>
          {p.entries.length === 0 ? <EmptyState title="The blocklist is empty" text="Addresses that bounce hard or complain appear here." /> : (
            <table class="w-full text-left text-sm">
              <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Email</th><th>Reason</th><th>Added</th><th></th></tr></thead>
              <tbody>
                {p.entries.map((e) => (
                  <tr class="border-b border-slate-100">
                    <td class="py-2 pr-2"><span safe>{e.email}</span>{e.note ? <span class="block text-xs text-slate-500" safe>{e.note}</span> : ""}</td>
                    <td class="py-2 pr-2"><Badge tone={e.reason === "manual" ? "gray" : "red"}><span safe>{REASONS[e.reason] ?? e.reason}</span></Badge></td>
                    <td class="py-2 pr-2 text-slate-500" safe>{formatTime(e.createdAt)}</td>
                    <td class="py-2 text-right">
                      {p.canManage ? (
                        <form method="post" action={`${base}/remove`} data-confirm={`Allow mail to ${e.email} again?`}>
                          <CsrfField token={shell.csrf} />
                          <input type="hidden" name="email" value={e.email} />
                          <Button variant="ghost">Remove</Button>
                        </form>
                      ) : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {p.next ? <a class="mt-3 inline-block text-sm text-indigo-700 hover:underline" href={`${base}?q=${encodeURIComponent(p.search)}&reason=${encodeURIComponent(p.reason)}&after=${encodeURIComponent(p.next)}`}>Next page →</a> : ""}
        </Card>
        {p.canManage ? (
          <Card title="Block an address">
            <form method="post" action={base} novalidate>
              <CsrfField token={shell.csrf} />
              <Field label="Email" name="email" type="email" value={p.values.email} error={errors.email} required />
              <Field label="Note (optional)" name="note" value={p.values.note} error={errors.note} />
              <Button>Add to blocklist</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

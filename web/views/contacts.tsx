import type { Contact, ContactFilter, ContactSort, Property, Topic } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, EmptyState, LinkButton, PageHeader, formatTime } from "./ui";

export type ListedContact = Contact & { blocked: boolean };

export interface ContactListView {
  contacts: ListedContact[];
  next: string | null;
  filter: ContactFilter;
  sort: ContactSort;
  after: string;
  topics: Topic[];
  canManage: boolean;
  /** The query string of the current filters (for export and paging links). */
  query: string;
  /** null: counted after the page loads (large organizations). */
  total: number | null;
  bulkJob?: { id: string; status: string; done: number; total: number } | null;
}

export const SORT_LABELS: Record<ContactSort, string> = { newest: "Newest first", oldest: "Oldest first", email_asc: "Email A–Z", email_desc: "Email Z–A" };
const STATUS_LABELS: Record<string, string> = { "": "Any status", subscribed: "Subscribed", unsubscribed: "Unsubscribed", pending: "Waiting for confirmation", blocklisted: "Blocklisted", no_topics: "In no topic" };
const SOURCE_LABELS: Record<string, string> = { "": "Any source", form: "Form or dashboard", import: "Import", api: "API", transactional: "Transactional", inbound: "Inbound" };

export function ContactBadges(p: { c: Contact & { blocked?: boolean } }) {
  const c = p.c;
  return (
    <span class="inline-flex flex-wrap gap-1">
      {c.blocked ? <Badge tone="red">Blocklisted</Badge> : ""}
      {c.unsubscribedAt ? <Badge tone="amber">Unsubscribed</Badge> : ""}
      {c.doiStatus === "pending" ? <Badge tone="amber">Waiting for confirmation</Badge> : ""}
      {c.doiStatus === "confirmed" ? <Badge tone="green">Confirmed</Badge> : ""}
    </span>
  );
}

const name = (c: Contact) => `${c.firstName} ${c.lastName}`.trim();

function Filters(p: { shell: Shell; view: ContactListView }) {
  const { view } = p;
  const base = `/o/${p.shell.org!.slug}/contacts`;
  const sel = "rounded-md border border-slate-300 bg-white px-2 py-2 text-sm";
  return (
    <form id="contact-filters" method="get" action={base} role="search" class="mb-4 flex flex-wrap items-end gap-2"
      hx-get={base} hx-target="#contact-results" hx-push-url="true" hx-trigger="input changed delay:300ms from:#contact-search, change">
      <div class="min-w-60 flex-1">
        <label for="contact-search" class="mb-1 block text-xs font-medium text-slate-600">Search</label>
        <input id="contact-search" name="q" type="search" value={view.filter.search ?? ""} placeholder="Email or name, e.g. ann or ann@example.com" autocomplete="off"
          class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:ring-2 focus:ring-indigo-500" />
      </div>
      <div>
        <label for="f-topic" class="mb-1 block text-xs font-medium text-slate-600">Topic</label>
        <select id="f-topic" name="topic" class={sel}>
          <option value="">Any topic</option>
          {view.topics.map((t) => <option value={String(t.id)} selected={view.filter.topicId === t.id} safe>{t.name}</option>)}
        </select>
      </div>
      <div>
        <label for="f-status" class="mb-1 block text-xs font-medium text-slate-600">Status</label>
        <select id="f-status" name="status" class={sel}>
          {Object.entries(STATUS_LABELS).map(([v, l]) => <option value={v} selected={(view.filter.status ?? "") === v} safe>{l}</option>)}
        </select>
      </div>
      <div>
        <label for="f-source" class="mb-1 block text-xs font-medium text-slate-600">Source</label>
        <select id="f-source" name="source" class={sel}>
          {Object.entries(SOURCE_LABELS).map(([v, l]) => <option value={v} selected={(view.filter.source ?? "") === v} safe>{l}</option>)}
        </select>
      </div>
      <div>
        <label for="f-sort" class="mb-1 block text-xs font-medium text-slate-600">Sort</label>
        <select id="f-sort" name="sort" class={sel}>
          {Object.entries(SORT_LABELS).map(([v, l]) => <option value={v} selected={view.sort === v} safe>{l}</option>)}
        </select>
      </div>
      <noscript><Button variant="secondary">Apply</Button></noscript>
    </form>
  );
}

function BulkBar(p: { shell: Shell; view: ContactListView }) {
  const { view } = p;
  return (
    <div class="mb-2 flex flex-wrap items-center gap-2 rounded-md bg-slate-100 px-3 py-2 text-sm">
      <label for="bulk-action" class="font-medium text-slate-700">With the selected contacts</label>
      <select id="bulk-action" name="action" class="rounded-md border border-slate-300 bg-white px-2 py-1">
        <option value="add_topic">Add to topic</option>
        <option value="remove_topic">Remove from topic</option>
        <option value="export">Export to CSV</option>
        <option value="delete">Delete</option>
      </select>
      <label for="bulk-topic" class="sr-only">Topic for the bulk action</label>
      <select id="bulk-topic" name="topicId" class="rounded-md border border-slate-300 bg-white px-2 py-1">
        <option value="">(topic)</option>
        {view.topics.map((t) => <option value={String(t.id)} safe>{t.name}</option>)}
      </select>
      <Button variant="secondary" name="scope" value="selected">Apply to selected</Button>
      <Button variant="secondary" name="scope" value="all" data-confirm="Apply this action to every contact that matches the search and filters?">
        <span safe>{view.total === null ? "Apply to all matching" : `Apply to all ${view.total.toLocaleString("en")} matching`}</span>
      </Button>
    </div>
  );
}

/** The results fragment (swapped by the filters). */
export function ContactResults(p: { shell: Shell; view: ContactListView }) {
  const { view, shell } = p;
  const base = `/o/${shell.org!.slug}/contacts`;
  const filtered = !!(view.filter.search || view.filter.topicId || view.filter.source || view.filter.status);
  return (
    <div id="contact-results">
      <div class="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        {view.total === null
          ? <p id="contact-count" role="status" hx-get={`${base}/count?${view.query}`} hx-trigger="load" hx-swap="outerHTML">Counting…</p>
          : <ContactCount total={view.total} filtered={filtered} />}
        <a class="text-indigo-700 hover:underline" href={`${base}/export.csv?${view.query}`} hx-boost="false">{filtered ? "Export these to CSV" : "Export all to CSV"}</a>
      </div>
      {view.bulkJob ? <BulkProgress shell={shell} job={view.bulkJob} /> : ""}
      {view.contacts.length === 0 && !view.after ? (
        filtered
          ? <EmptyState title="No contact matches" text="Try another search or clear the filters." />
          : <EmptyState title="No contacts yet" text="Add your first contact or import a CSV file."><div class="flex justify-center gap-2"><LinkButton href={`${base}/new`} variant="primary">Add contact</LinkButton><LinkButton href={`${base}/import`}>Import CSV</LinkButton></div></EmptyState>
      ) : (
        <form method="post" action={`${base}/bulk`} x-data="bulkSelect" x-on:submit="confirmDelete">
          <CsrfField token={shell.csrf} />
          <input type="hidden" name="filter" value={view.query} />
          {view.canManage ? <BulkBar shell={shell} view={view} /> : ""}
          <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="w-full text-left text-sm">
              <thead class="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  {view.canManage ? <th class="w-8 px-3 py-2"><input type="checkbox" aria-label="Select all contacts on this page" x-on:change="toggleAll" /></th> : ""}
                  <th class="px-3 py-2">Email</th><th class="px-3 py-2">Name</th><th class="px-3 py-2">Status</th><th class="px-3 py-2">Source</th><th class="px-3 py-2">Added</th>
                </tr>
              </thead>
              <tbody>
                {view.contacts.map((c) => (
                  <tr class="border-t border-slate-100 hover:bg-slate-50">
                    {view.canManage ? <td class="px-3 py-2"><input type="checkbox" name="ids" value={String(c.id)} aria-label={`Select ${c.email ?? c.id}`} /></td> : ""}
                    <td class="px-3 py-2"><a class="font-medium text-indigo-700 hover:underline" href={`${base}/${c.id}`} safe>{c.email ?? "(no email)"}</a></td>
                    <td class="px-3 py-2" safe>{name(c)}</td>
                    <td class="px-3 py-2"><ContactBadges c={c} /></td>
                    <td class="px-3 py-2 text-slate-500">{c.source}</td>
                    <td class="px-3 py-2 text-slate-500" safe>{formatTime(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </form>
      )}
      <nav class="mt-3 flex gap-3 text-sm" aria-label="Pages">
        {view.after ? <a class="text-indigo-700 hover:underline" href={`${base}?${view.query}`}>← First page</a> : ""}
        {view.next ? <a class="text-indigo-700 hover:underline" href={`${base}?${view.query}&after=${encodeURIComponent(view.next)}`}>Next page →</a> : ""}
      </nav>
    </div>
  );
}

export function ContactCount(p: { total: number; filtered: boolean }) {
  return <p id="contact-count" role="status" safe>{`${p.total.toLocaleString("en")} ${p.filtered ? "matching " : ""}contact${p.total === 1 ? "" : "s"}`}</p>;
}

export function BulkProgress(p: { shell: Shell; job: { id: string; status: string; done: number; total: number } }) {
  const { job } = p;
  const running = job.status === "queued" || job.status === "running";
  const pct = job.total ? Math.round((job.done / job.total) * 100) : running ? 0 : 100;
  return (
    <div id="bulk-progress" class="mb-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
      hx-get={running ? `/o/${p.shell.org!.slug}/contacts/bulk/${job.id}` : undefined} hx-trigger={running ? "every 1s" : undefined} hx-swap="outerHTML">
      <p class="mb-1" role="status" safe>{running ? `Working… ${job.done.toLocaleString("en")} of ${job.total.toLocaleString("en")} contacts` : job.status === "succeeded" ? `Done: ${job.done.toLocaleString("en")} contacts processed.` : `The bulk action ${job.status}.`}</p>
      <progress class="h-2 w-full" max="100" value={String(pct)} aria-label="Bulk action progress" safe>{`${pct}%`}</progress>
    </div>
  );
}

export function ContactListPage(p: { shell: Shell; view: ContactListView }) {
  const base = `/o/${p.shell.org!.slug}/contacts`;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Contacts" subtitle="Everyone you can write to, with their topics and activity.">
        {p.view.canManage ? <LinkButton href={`${base}/import`}>Import CSV</LinkButton> : ""}
        {p.view.canManage ? <LinkButton href={`${base}/new`} variant="primary">Add contact</LinkButton> : ""}
      </PageHeader>
      <Filters shell={p.shell} view={p.view} />
      <ContactResults shell={p.shell} view={p.view} />
    </AppLayout>
  );
}

// ------------------------------------------------------------------ create / edit

export function PropertyInput(p: { prop: Property; value: unknown; error?: string }) {
  const { prop } = p;
  const id = `f-prop_${prop.key}`;
  const cls = `w-full rounded-md border px-3 py-2 text-sm ${p.error ? "border-red-500" : "border-slate-300"}`;
  const v = p.value === undefined || p.value === null ? "" : String(p.value);
  return (
    <div class="mb-4">
      <label for={id} class="mb-1 block text-sm font-medium text-slate-700"><span safe>{prop.label}</span> <span class="text-xs font-normal text-slate-400" safe>{`{{${prop.key}}}`}</span></label>
      {prop.type === "boolean" ? (
        <select id={id} name={`prop_${prop.key}`} class={`${cls} bg-white`}>
          <option value="" selected={v === ""}>Not set</option>
          <option value="yes" selected={v === "true" || v === "yes"}>Yes</option>
          <option value="no" selected={v === "false" || v === "no"}>No</option>
        </select>
      ) : (
        <input id={id} name={`prop_${prop.key}`} type={prop.type === "number" ? "number" : prop.type === "date" ? "date" : "text"} step={prop.type === "number" ? "any" : undefined} value={v} class={cls}
          aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? `${id}-error` : undefined} />
      )}
      {p.error ? <p id={`${id}-error`} class="mt-1 text-sm text-red-600" safe>{p.error}</p> : ""}
    </div>
  );
}

export function ContactFormPage(p: { shell: Shell; contact: Contact | null; props: Property[]; values: Record<string, unknown>; errors: Record<string, string> }) {
  const { shell, contact, values: v, errors } = p;
  const base = `/o/${shell.org!.slug}/contacts`;
  const input = (field: string, label: string, opts: { type?: string; hint?: string; required?: boolean; placeholder?: string } = {}) => (
    <div class="mb-4">
      <label for={`f-${field}`} class="mb-1 block text-sm font-medium text-slate-700" safe>{label}</label>
      <input id={`f-${field}`} name={field} type={opts.type ?? "text"} value={String(v[field] ?? "")} required={opts.required} placeholder={opts.placeholder}
        aria-invalid={errors[field] ? "true" : undefined} aria-describedby={errors[field] ? `f-${field}-error` : undefined}
        class={`w-full rounded-md border px-3 py-2 text-sm ${errors[field] ? "border-red-500" : "border-slate-300"}`} />
      {errors[field] ? <p id={`f-${field}-error`} class="mt-1 text-sm text-red-600" safe>{errors[field]}</p> : opts.hint ? <p class="mt-1 text-xs text-slate-500" safe>{opts.hint}</p> : ""}
    </div>
  );
  return (
    <AppLayout shell={shell}>
      <PageHeader title={contact ? `Edit ${contact.email ?? "contact"}` : "Add contact"} subtitle={contact ? undefined : "Contacts you add here are tagged with the source “form”."} />
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <form method="post" action={contact ? `${base}/${contact.id}` : base} novalidate class="max-w-2xl">
        <CsrfField token={shell.csrf} />
        <Card title="Profile" class="mb-4">
          {input("email", "Email", { type: "email", required: true, placeholder: "name@example.com" })}
          <div class="grid gap-x-4 sm:grid-cols-2">
            {input("firstName", "First name")}
            {input("lastName", "Last name")}
            {input("language", "Language", { hint: "A code like en or de-CH." })}
            {input("timezone", "Time zone", { hint: "Like Europe/Berlin." })}
          </div>
          <div class="mb-2">
            <label for="f-notes" class="mb-1 block text-sm font-medium text-slate-700">Notes</label>
            <textarea id="f-notes" name="notes" rows="3" class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" safe>{String(v.notes ?? "")}</textarea>
          </div>
        </Card>
        <Card title="Custom properties" class="mb-4">
          {p.props.length === 0
            ? <p class="text-sm text-slate-500">No custom properties yet. <a class="text-indigo-700 hover:underline" href={`/o/${shell.org!.slug}/settings/properties`}>Create one</a> to store plans, birthdays and more.</p>
            : <div class="grid gap-x-4 sm:grid-cols-2">{p.props.map((prop) => <PropertyInput prop={prop} value={v[`prop_${prop.key}`]} error={errors[`prop_${prop.key}`]} />)}</div>}
        </Card>
        <div class="flex gap-2">
          <Button>{contact ? "Save changes" : "Add contact"}</Button>
          <LinkButton href={contact ? `${base}/${contact.id}` : base}>Cancel</LinkButton>
        </div>
      </form>
    </AppLayout>
  );
}

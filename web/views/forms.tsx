import type { Form, FormField, FormSubmission } from "../../src/domain/forms/model";
import type { Topic } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, EmptyState, Field, LinkButton, PageHeader, formatTime } from "./ui";

const OUTCOME: Record<string, { label: string; tone: "green" | "amber" | "gray" | "red" }> = {
  success: { label: "Success", tone: "green" }, pending_confirmation: { label: "Pending confirmation", tone: "amber" },
  duplicate: { label: "Duplicate", tone: "gray" }, invalid: { label: "Invalid", tone: "red" }, spam: { label: "Spam", tone: "red" },
};

/** The HTML a site owner pastes into their page (api.md §5.6). */
export function embedSnippet(form: Form, endpoint: string): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const inputs = form.fields.map((f) => f.type === "checkbox"
    ? `  <label><input type="checkbox" name="${esc(f.key)}"${f.required ? " required" : ""}> ${esc(f.label)}</label>`
    : `  <label>${esc(f.label)}\n    <input type="${f.type === "email" ? "email" : "text"}" name="${esc(f.key)}"${f.required ? " required" : ""}>\n  </label>`);
  return [
    `<form action="${esc(endpoint)}" method="POST">`,
    ...inputs,
    `  <input type="text" name="${esc(form.honeypotField)}" tabindex="-1" autocomplete="off" style="display:none" aria-hidden="true">`,
    `  <button type="submit">Subscribe</button>`,
    `</form>`,
  ].join("\n");
}

function FieldRows(p: { fields: FormField[] }) {
  const rows = [...p.fields, ...Array.from({ length: Math.max(0, 6 - p.fields.length) }, () => null)];
  return (
    <table class="mb-2 w-full text-left text-sm">
      <thead><tr class="text-xs uppercase text-slate-500"><th>Name (key)</th><th>Label</th><th>Type</th><th>Required</th></tr></thead>
      <tbody>
        {rows.map((f, i) => (
          <tr>
            <td class="pr-1 py-1"><input name={`field_key_${i}`} value={f?.key ?? ""} aria-label={`Field ${i + 1} name`} class="w-full rounded-md border border-slate-300 px-2 py-1" /></td>
            <td class="pr-1 py-1"><input name={`field_label_${i}`} value={f?.label ?? ""} aria-label={`Field ${i + 1} label`} class="w-full rounded-md border border-slate-300 px-2 py-1" /></td>
            <td class="pr-1 py-1">
              <select name={`field_type_${i}`} aria-label={`Field ${i + 1} type`} class="rounded-md border border-slate-300 bg-white px-2 py-1">
                {(["email", "text", "checkbox"] as const).map((t) => <option value={t} selected={(f?.type ?? "text") === t}>{t}</option>)}
              </select>
            </td>
            <td class="py-1 text-center"><input type="checkbox" name={`field_required_${i}`} value="on" checked={!!f?.required} aria-label={`Field ${i + 1} required`} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FormEditor(p: { shell: Shell; form: Form | null; topics: Topic[]; values: Record<string, unknown>; errors: Record<string, string> }) {
  const { shell, form, values: v, errors } = p;
  const base = `/o/${shell.org!.slug}/forms`;
  const val = (k: keyof Form, fallback = "") => String(v[k] ?? (form ? form[k] ?? fallback : fallback));
  const checked = (k: "doubleOptIn" | "active", dflt: boolean) => (v[k] !== undefined ? v[k] === "on" || v[k] === true : form ? form[k] : dflt);
  const fieldError = Object.entries(errors).find(([k]) => k === "fields" || k.startsWith("field_"))?.[1];
  return (
    <form method="post" action={form ? `${base}/${form.id}` : base} novalidate>
      <CsrfField token={shell.csrf} />
      <Field label="Internal name" name="name" value={val("name")} error={errors.name} required placeholder="Footer signup" />
      <div class="mb-4">
        <label for="f-topicId" class="mb-1 block text-sm font-medium text-slate-700">Topic</label>
        <select id="f-topicId" name="topicId" class="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          <option value="">No topic (only create or update the contact)</option>
          {p.topics.map((t) => <option value={String(t.id)} selected={val("topicId") === String(t.id)} safe>{`${t.name}${t.requireDoubleOptIn ? " (double opt-in)" : ""}`}</option>)}
        </select>
        {errors.topicId ? <p class="mt-1 text-sm text-red-600" safe>{errors.topicId}</p> : ""}
      </div>
      <Field label="Redirect after submitting (optional)" name="redirectUrl" value={val("redirectUrl")} error={errors.redirectUrl} placeholder="https://example.com/thanks" hint="Without it the endpoint answers JSON." />
      <label class="mb-1 flex items-center gap-2 text-sm"><input type="checkbox" name="doubleOptIn" value="on" checked={checked("doubleOptIn", false)} /> Enable double opt-in</label>
      <p class="mb-3 text-xs text-slate-500">Forces a confirmation mail even when the topic does not require it (a topic that requires it always gets one).</p>
      <label class="mb-3 flex items-center gap-2 text-sm"><input type="checkbox" name="active" value="on" checked={checked("active", true)} /> Accept submissions</label>
      <Field label="Honeypot field name" name="honeypotField" value={val("honeypotField", "_hp_field")} error={errors.honeypotField} hint="A hidden field bots fill in; such submissions are recorded as spam." />
      <fieldset class="mb-4">
        <legend class="mb-1 text-sm font-medium text-slate-700">Fields</legend>
        <p class="mb-2 text-xs text-slate-500">email, firstName/first_name and lastName/last_name fill the contact; other fields stay in the submission log.</p>
        {fieldError ? <p class="mb-2 text-sm text-red-600" safe>{fieldError}</p> : ""}
        <FieldRows fields={form?.fields ?? [{ key: "email", label: "Email", type: "email", required: true }, { key: "firstName", label: "First name", type: "text", required: false }]} />
      </fieldset>
      <Button>{form ? "Save form" : "Create form"}</Button>
    </form>
  );
}

export function FormsPage(p: { shell: Shell; forms: Form[]; canManage: boolean }) {
  const base = `/o/${p.shell.org!.slug}/forms`;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Form endpoints" subtitle="Signup forms on any website post here: contacts are created and subscribed.">
        {p.canManage ? <LinkButton href={`${base}/new`} variant="primary">New form</LinkButton> : ""}
      </PageHeader>
      {p.forms.length === 0 ? <EmptyState title="No forms yet" text="Create a form endpoint and paste its snippet into your site." /> : (
        <Card>
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Name</th><th>Status</th><th>Submissions</th><th>Successful</th></tr></thead>
            <tbody>
              {p.forms.map((f) => (
                <tr class="border-b border-slate-100">
                  <td class="py-2"><a class="font-medium text-indigo-700 hover:underline" href={`${base}/${f.id}`} safe>{f.name}</a></td>
                  <td>{f.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</td>
                  <td safe>{f.submissionCount.toLocaleString("en")}</td>
                  <td safe>{f.successCount.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </AppLayout>
  );
}

export function Submissions(p: { shell: Shell; formId: string; items: FormSubmission[]; next: number | null }) {
  const base = `/o/${p.shell.org!.slug}/forms/${p.formId}`;
  return (
    <>
      {p.items.map((s) => (
        <tr class="border-b border-slate-100 align-top">
          <td class="py-2 pr-2 text-slate-500" safe>{formatTime(s.createdAt)}</td>
          <td class="py-2 pr-2"><Badge tone={OUTCOME[s.outcome]?.tone ?? "gray"}><span safe>{OUTCOME[s.outcome]?.label ?? s.outcome}</span></Badge></td>
          <td class="py-2 pr-2">{s.contactId ? <a class="text-indigo-700 hover:underline" href={`/o/${p.shell.org!.slug}/contacts/${s.contactId}`} safe>{s.email ?? ""}</a> : <span safe>{s.email ?? ""}</span>}
            {s.error ? <span class="block text-xs text-red-600" safe>{s.error}</span> : ""}</td>
          <td class="py-2 break-all font-mono text-xs text-slate-600" safe>{JSON.stringify(s.data).slice(0, 300)}</td>
        </tr>
      ))}
      {p.next ? (
        <tr id="submissions-more"><td colspan="4" class="py-2"><button type="button" class="text-sm text-indigo-700 hover:underline" hx-get={`${base}/submissions?before=${p.next}`} hx-target="#submissions-more" hx-swap="outerHTML">Show older submissions</button></td></tr>
      ) : ""}
    </>
  );
}

export function FormPage(p: { shell: Shell; form: Form; endpoint: string; topics: Topic[]; submissions: { items: FormSubmission[]; counts: Record<string, number>; next: number | null }; canManage: boolean; values: Record<string, unknown>; errors: Record<string, string> }) {
  const { shell, form } = p;
  const snippet = embedSnippet(form, p.endpoint);
  const other = form.submissionCount - form.successCount;
  const tile = (label: string, n: number) => <div class="rounded-md bg-slate-50 p-3"><p class="text-2xl font-semibold" safe>{n.toLocaleString("en")}</p><p class="text-xs text-slate-500" safe>{label}</p></div>;
  return (
    <AppLayout shell={shell}>
      <PageHeader title={form.name} subtitle={form.active ? "Accepting submissions" : "Not accepting submissions (inactive)"} />
      {p.errors._form ? <Alert kind="error"><span safe>{p.errors._form}</span></Alert> : ""}
      <div class="mb-5 grid grid-cols-3 gap-3">{tile("Total", form.submissionCount)}{tile("Successful", form.successCount)}{tile("Other", other)}</div>
      <div class="grid gap-5 lg:grid-cols-2">
        <Card title="Embed on your site">
          <p class="mb-2 text-sm text-slate-600">Endpoint: <code class="break-all" id="form-endpoint" safe>{p.endpoint}</code></p>
          <p class="mb-2 text-sm text-slate-600">It accepts JSON, urlencoded and multipart posts (at most 100 KB, 5 per minute per visitor).</p>
          <pre id="embed-snippet" class="mb-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" safe>{snippet}</pre>
          <div x-data="copyable" data-copy-target="embed-snippet"><Button type="button" variant="secondary" x-on:click="copy"><span x-text="copied ? 'Copied' : 'Copy snippet'">Copy snippet</span></Button></div>
        </Card>
        {p.canManage ? <Card title="Settings"><FormEditor shell={shell} form={form} topics={p.topics} values={p.values} errors={p.errors} /></Card> : ""}
      </div>
      <Card title="Submissions" class="mt-5">
        <p class="mb-2 text-xs text-slate-500" safe>{Object.entries(OUTCOME).map(([k, o]) => `${o.label}: ${p.submissions.counts[k] ?? 0}`).join(" · ")}</p>
        {p.submissions.items.length === 0 ? <p class="text-sm text-slate-500">No submissions yet.</p> : (
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Time</th><th>Outcome</th><th>Email</th><th>Data</th></tr></thead>
            <tbody><Submissions shell={shell} formId={form.id} items={p.submissions.items} next={p.submissions.next} /></tbody>
          </table>
        )}
        <p class="mt-2 text-xs text-slate-500">IP addresses and user agents are erased after 90 days.</p>
      </Card>
      {p.canManage ? (
        <form method="post" action={`/o/${shell.org!.slug}/forms/${form.id}/delete`} class="mt-6" data-confirm={`Delete the form “${form.name}” and its submission log? Contacts stay.`}>
          <CsrfField token={shell.csrf} />
          <Button variant="danger">Delete form</Button>
        </form>
      ) : ""}
    </AppLayout>
  );
}

export function NewFormPage(p: { shell: Shell; topics: Topic[]; values: Record<string, unknown>; errors: Record<string, string> }) {
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="New form endpoint" />
      <Card class="max-w-2xl"><FormEditor shell={p.shell} form={null} topics={p.topics} values={p.values} errors={p.errors} /></Card>
    </AppLayout>
  );
}

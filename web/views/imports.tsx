import type { Analysis, ColumnTarget, ImportRecord } from "../../src/domain/imports/model";
import type { Property, Topic } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, PageHeader, formatTime } from "./ui";

const STATUS: Record<string, { label: string; tone: "gray" | "green" | "red" | "amber" | "indigo" }> = {
  uploading: { label: "Uploading", tone: "gray" }, mapping: { label: "Waiting for mapping", tone: "amber" }, queued: { label: "Queued", tone: "indigo" },
  running: { label: "Running", tone: "indigo" }, succeeded: { label: "Done", tone: "green" }, failed: { label: "Failed", tone: "red" }, cancelled: { label: "Cancelled", tone: "gray" },
};

const size = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);

export function ImportUploadPage(p: { shell: Shell; recent: ImportRecord[]; error?: string }) {
  const base = `/o/${p.shell.org!.slug}/contacts/import`;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Import contacts" subtitle="From a CSV file with a header row: email plus any other columns." />
      {p.error ? <Alert kind="error"><span safe>{p.error}</span></Alert> : ""}
      <Card title="1. Upload a CSV file" class="mb-5 max-w-2xl">
        <form method="post" action={base} enctype="multipart/form-data" hx-boost="false" x-data="csvUpload" x-on:submit="upload" data-uploads={`${base}/uploads`}>
          <CsrfField token={p.shell.csrf} />
          <label for="import-file" class="mb-1 block text-sm font-medium text-slate-700">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,.txt,text/csv" required class="mb-3 block w-full text-sm" />
          <p class="mb-3 text-xs text-slate-500">Separated by commas, semicolons or tabs; UTF-8 or Windows-1252; up to 4 GB. The file is read on the server as a stream, so large files are fine.</p>
          <div x-show="busy" x-cloak="" class="mb-3">
            <progress class="h-2 w-full" max="100" x-bind:value="pct" aria-label="Upload progress"></progress>
            <p class="text-xs text-slate-600" role="status" x-text="status"></p>
          </div>
          <p x-show="error" x-cloak="" role="alert" class="mb-3 text-sm text-red-600" x-text="error"></p>
          <Button x-bind:disabled="busy">Upload and continue</Button>
        </form>
      </Card>
      <Card title="Recent imports">
        {p.recent.length === 0 ? <p class="text-sm text-slate-500">No imports yet.</p> : (
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">File</th><th>Status</th><th>Imported</th><th>Updated</th><th>Skipped</th><th>Failed</th><th>Started</th></tr></thead>
            <tbody>
              {p.recent.map((r) => (
                <tr class="border-b border-slate-100">
                  <td class="py-2"><a class="text-indigo-700 hover:underline" href={`${base}/${r.id}`} safe>{r.fileName}</a></td>
                  <td><Badge tone={STATUS[r.status]!.tone}><span safe>{STATUS[r.status]!.label}</span></Badge></td>
                  <td safe>{r.imported.toLocaleString("en")}</td><td safe>{r.updated.toLocaleString("en")}</td><td safe>{r.skipped.toLocaleString("en")}</td><td safe>{r.failed.toLocaleString("en")}</td>
                  <td class="text-slate-500" safe>{formatTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </AppLayout>
  );
}

const TARGETS: [string, string][] = [["email", "Email"], ["firstName", "First name"], ["lastName", "Last name"], ["language", "Language"], ["timezone", "Time zone"], ["topic", "Topic (names, comma-separated)"]];

function targetValue(t: ColumnTarget, props: Property[]): string {
  if (t.kind !== "property") return t.kind;
  return props.some((p) => p.key === t.key) ? `property:${t.key}` : `new:${t.type}`;
}

function ColumnRow(p: { col: Analysis["columns"][number]; props: Property[] }) {
  const { col } = p;
  const value = targetValue(col.suggested, p.props);
  return (
    <tr class="border-b border-slate-100 align-top">
      <td class="py-2 pr-3"><p class="font-medium" safe>{col.header || `Column ${col.index + 1}`}</p><p class="text-xs text-slate-500" safe>{col.samples.filter(Boolean).slice(0, 3).join(" · ") || "(empty)"}</p></td>
      <td class="py-2">
        <label class="sr-only" for={`col-${col.index}`} safe>{`Import column ${col.header || col.index + 1} as`}</label>
        <select id={`col-${col.index}`} name={`col_${col.index}`} class="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {TARGETS.map(([v, l]) => <option value={v} selected={value === v} safe>{l}</option>)}
          <optgroup label="Existing property">{p.props.map((pr) => <option value={`property:${pr.key}`} selected={value === `property:${pr.key}`} safe>{`${pr.label} ({{${pr.key}}})`}</option>)}</optgroup>
          <optgroup label="New property from this column">
            {(["text", "number", "date", "boolean"] as const).map((t) => <option value={`new:${t}`} selected={value === `new:${t}`} safe>{`New ${t === "boolean" ? "yes/no" : t} property`}</option>)}
          </optgroup>
          <option value="ignore" selected={value === "ignore"}>Ignore this column</option>
        </select>
      </td>
    </tr>
  );
}

const PREVIEW_ICON: Record<string, string> = { valid: "✔ valid", invalid: "✖ invalid email", missing: "✖ no email", duplicate: "↺ duplicate" };

export function ImportMappingPage(p: { shell: Shell; record: ImportRecord; analysis: Analysis; props: Property[]; topics: Topic[]; errors: Record<string, string> }) {
  const { shell, record, analysis: a, errors } = p;
  const base = `/o/${shell.org!.slug}/contacts/import/${record.id}`;
  const delimName: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
  return (
    <AppLayout shell={shell}>
      <PageHeader title="2. Map the columns" subtitle={`${record.fileName} · ${size(record.fileSize)} · ${a.encoding} · separated by ${delimName[a.delimiter] ?? a.delimiter}`} />
      {errors._form || errors.columns || errors.topicId ? <Alert kind="error"><span safe>{errors._form ?? errors.columns ?? errors.topicId}</span></Alert> : ""}
      {a.truncatedColumns ? <Alert kind="warning"><span safe>{`The file has ${a.truncatedColumns} more columns than shown; they are ignored.`}</span></Alert> : ""}
      <form method="get" action={base} class="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label class="flex items-center gap-1"><input type="checkbox" name="header" value="on" checked={a.hasHeader} /> The first row holds column names</label>
        <label>Separator <select name="delimiter" class="rounded-md border border-slate-300 bg-white px-2 py-1">
          {Object.entries(delimName).map(([d, n]) => <option value={d === "\t" ? "tab" : d} selected={a.delimiter === d} safe>{n}</option>)}
        </select></label>
        <input type="hidden" name="changed" value="1" />
        <Button variant="secondary">Read again</Button>
      </form>
      <form method="post" action={`${base}/start`} novalidate>
        <CsrfField token={shell.csrf} />
        <input type="hidden" name="delimiter" value={a.delimiter === "\t" ? "tab" : a.delimiter} />
        <input type="hidden" name="hasHeader" value={a.hasHeader ? "on" : "off"} />
        <div class="grid gap-5 lg:grid-cols-3">
          <Card title="Columns" class="lg:col-span-2">
            <table class="w-full text-left text-sm"><tbody>{a.columns.map((col) => <ColumnRow col={col} props={p.props} />)}</tbody></table>
          </Card>
          <div>
            <Card title="Preview" class="mb-4">
              <p class="mb-2 text-sm" safe>{`In the first ${a.sample.rows.toLocaleString("en")} rows: ${a.sample.valid} valid, ${a.sample.invalidEmail} invalid emails, ${a.sample.missingEmail} without email, ${a.sample.duplicates} duplicates.`}</p>
              <ul class="text-xs">{a.preview.map((r) => <li class="py-0.5"><span safe>{`Row ${r.row}: ${r.email || "(empty)"} ${r.name} — ${PREVIEW_ICON[r.status]}`}</span></li>)}</ul>
              <p class="mt-2 text-xs text-slate-500">Invalid rows are not imported; the report lists them with their row numbers.</p>
            </Card>
            <Card title="Options" class="mb-4">
              <fieldset class="mb-3 text-sm">
                <legend class="mb-1 font-medium text-slate-700">Contacts that already exist</legend>
                <label class="block"><input type="radio" name="duplicates" value="skip" checked /> Skip them (default)</label>
                <label class="block"><input type="radio" name="duplicates" value="update" /> Update them with the file's values</label>
              </fieldset>
              <label for="f-topicId" class="mb-1 block text-sm font-medium text-slate-700">Add everyone to a topic</label>
              <select id="f-topicId" name="topicId" class="mb-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                <option value="">No topic{a.topicNames.length ? " (use the topic column)" : ""}</option>
                {p.topics.map((t) => <option value={String(t.id)} safe>{`${t.name}${t.requireDoubleOptIn ? " (double opt-in: contacts wait for confirmation)" : ""}`}</option>)}
              </select>
              {a.topicNames.length ? (
                <fieldset class="mt-3 text-sm">
                  <legend class="mb-1 font-medium text-slate-700">Topic names in the file</legend>
                  {a.topicNames.map((name, i) => {
                    const match = p.topics.find((t) => t.name.toLowerCase() === name.toLowerCase());
                    return (
                      <label class="mb-1 flex items-center justify-between gap-2"><span safe>{name}</span>
                        <select name={`topicmap_${i}`} class="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                          {p.topics.map((t) => <option value={String(t.id)} selected={match?.id === t.id} safe>{t.name}</option>)}
                          <option value="create" selected={!match} safe>{`Create topic “${name}”`}</option>
                          <option value="skip">Skip</option>
                        </select>
                      </label>
                    );
                  })}
                </fieldset>
              ) : ""}
            </Card>
            <Button>Start import</Button>
          </div>
        </div>
      </form>
      <form method="post" action={`${base}/cancel`} class="mt-3"><CsrfField token={shell.csrf} /><Button variant="ghost">Cancel this import</Button></form>
    </AppLayout>
  );
}

export function ImportProgress(p: { shell: Shell; record: ImportRecord }) {
  const r = p.record;
  const base = `/o/${p.shell.org!.slug}/contacts/import/${r.id}`;
  const running = r.status === "queued" || r.status === "running";
  const pct = r.fileSize ? Math.min(100, Math.round((r.bytesDone / r.fileSize) * 100)) : 0;
  return (
    <div id="import-progress" hx-get={running ? `${base}/progress` : undefined} hx-trigger={running ? "every 1s" : undefined} hx-swap="outerHTML">
      <Card class="mb-4">
        <div class="mb-2 flex items-center justify-between">
          <p class="font-medium" role="status" safe>{running ? (r.status === "queued" ? "Waiting to start…" : `Importing… ${r.rowsDone.toLocaleString("en")} rows read`) : STATUS[r.status]!.label}</p>
          <Badge tone={STATUS[r.status]!.tone}><span safe>{STATUS[r.status]!.label}</span></Badge>
        </div>
        <progress class="h-3 w-full" max="100" value={String(running ? pct : r.status === "succeeded" ? 100 : pct)} aria-label="Import progress" data-progress={String(pct)} safe>{`${pct}%`}</progress>
        <dl class="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
          {[["Imported", r.imported], ["Updated", r.updated], ["Skipped", r.skipped], ["Failed", r.failed], ["Added to topics", r.addedToTopics]].map(([l, n]) => (
            <div><dt class="text-xs text-slate-500" safe>{String(l)}</dt><dd class="text-xl font-semibold" data-counter={String(l).toLowerCase()} safe>{Number(n).toLocaleString("en")}</dd></div>
          ))}
        </dl>
        {r.message ? <p class="mt-2 text-sm text-red-600" safe>{r.message}</p> : ""}
        {running ? <form method="post" action={`${base}/cancel`} class="mt-3"><CsrfField token={p.shell.csrf} /><Button variant="ghost">Cancel import</Button></form> : ""}
      </Card>
      {!running ? <ImportReport shell={p.shell} record={r} /> : ""}
    </div>
  );
}

function ImportReport(p: { shell: Shell; record: ImportRecord }) {
  const r = p.record;
  return (
    <Card title={r.errors.length ? "Rows that were not imported" : "Report"}>
      {r.errors.length === 0 ? <p class="text-sm text-slate-600">Every row was imported, updated or skipped as a duplicate.</p> : (
        <>
          <table class="w-full text-left text-sm" id="import-errors">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Row</th><th>Problem</th><th>Value</th></tr></thead>
            <tbody>{r.errors.map((e) => <tr class="border-b border-slate-100"><td class="py-1.5 pr-2">{e.row ? String(e.row) : "—"}</td><td class="pr-2" safe>{e.reason}</td><td class="break-all text-slate-500" safe>{e.value ?? ""}</td></tr>)}</tbody>
          </table>
          {r.failed > r.errors.filter((e) => e.row).length ? <p class="mt-2 text-xs text-slate-500" safe>{`Showing the first ${r.errors.length} of ${r.failed.toLocaleString("en")} problems.`}</p> : ""}
        </>
      )}
      <p class="mt-3 text-sm"><a class="text-indigo-700 hover:underline" href={`/o/${p.shell.org!.slug}/contacts`}>Go to contacts</a> · <a class="text-indigo-700 hover:underline" href={`/o/${p.shell.org!.slug}/contacts/import`}>Import another file</a></p>
    </Card>
  );
}

export function ImportStatusPage(p: { shell: Shell; record: ImportRecord }) {
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="3. Import" subtitle={`${p.record.fileName} · ${size(p.record.fileSize)}`} />
      <ImportProgress shell={p.shell} record={p.record} />
    </AppLayout>
  );
}

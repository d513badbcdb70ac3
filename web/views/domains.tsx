import type { DnsRecord, RecordCheck, SendingDomain } from "../../src/domain/domains/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, EmptyState, Field, PageHeader, formatTime } from "./ui";

const statusTone = { verified: "green", pending: "amber", failed: "red" } as const;

function CheckBadge(p: { check: RecordCheck | undefined }) {
  if (!p.check) return <Badge tone="gray">not checked</Badge>;
  return p.check.ok ? <Badge tone="green">ok</Badge> : <Badge tone="red">missing or wrong</Badge>;
}

function RecordRow(p: { r: DnsRecord; check: RecordCheck | undefined; i: number }) {
  const { r, check } = p;
  return (
    <tr class="border-b border-slate-100 align-top" data-record={r.id}>
      <td class="py-3 pr-3">
        <div class="font-medium"><span>{r.type}</span> {r.required ? "" : <Badge tone="gray">recommended</Badge>}</div>
        <div class="text-xs text-slate-500" safe>{r.purpose}</div>
      </td>
      <td class="py-3 pr-3">
        <div class="text-xs text-slate-500">Name</div>
        <code id={`rec-name-${p.i}`} class="break-all text-xs" safe>{r.name}</code>
        <div class="mt-2 text-xs text-slate-500">Value</div>
        <div class="flex items-start gap-2">
          <code id={`rec-value-${p.i}`} class="block max-w-xl break-all rounded bg-slate-50 p-1 text-xs" safe>{r.value}</code>
          <span x-data="copyable" data-copy-target={`rec-value-${p.i}`}>
            <button type="button" class="text-xs text-indigo-700 hover:underline" x-on:click="copy" aria-label={`Copy the value of the ${r.type} record ${r.name}`}>Copy</button>
            <span x-show="copied" class="text-xs text-emerald-700">copied</span>
          </span>
        </div>
      </td>
      <td class="py-3">
        <CheckBadge check={check} />
        {check && !check.ok ? <div class="mt-1 max-w-xs text-xs text-slate-600" safe>{check.detail}</div> : ""}
        {check && !check.ok && check.found ? <div class="mt-1 max-w-xs break-all text-xs text-slate-400" safe>{`Found: ${check.found}`}</div> : ""}
      </td>
    </tr>
  );
}

/** The records table and status, swapped in place by "Verify now". */
export function DomainRecords(p: { shell: Shell; domain: SendingDomain; canEdit: boolean }) {
  const d = p.domain;
  const base = `/o/${p.shell.org!.slug}/settings/domains/${d.id}`;
  return (
    <div id="domain-records">
      <div class="mb-4 flex flex-wrap items-center gap-3">
        <Badge tone={statusTone[d.status]}>{d.status}</Badge>
        <span class="text-sm text-slate-500">{d.lastCheckedAt ? `Last checked ${formatTime(d.lastCheckedAt)}` : "Not checked yet"}</span>
        {p.canEdit ? (
          <form method="post" action={`${base}/verify`} hx-post={`${base}/verify`} hx-target="#domain-records" hx-swap="outerHTML">
            <CsrfField token={p.shell.csrf} />
            <Button><span data-busy-hide>Verify now</span><span class="htmx-indicator">Checking DNS…</span></Button>
          </form>
        ) : ""}
      </div>
      <div class="overflow-x-auto">
        <table class="w-full text-left text-sm">
          <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Record</th><th>Publish at your DNS provider</th><th>Status</th></tr></thead>
          <tbody>{d.records.map((r, i) => <RecordRow r={r} i={i} check={d.checks?.[r.id]} />)}</tbody>
        </table>
      </div>
    </div>
  );
}

export function DomainsPage(p: { shell: Shell; domains: SendingDomain[]; canEdit: boolean; errors: Record<string, string>; values: Record<string, string> }) {
  const slug = p.shell.org!.slug;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Sending domains" subtitle="Mail is sent only from verified domains: publish the DNS records, then verify." />
      <div class="grid gap-5 lg:grid-cols-3">
        <div class="lg:col-span-2">
          {p.domains.length === 0 ? <EmptyState title="No sending domains yet" text="Add the domain your From addresses use, e.g. example.com." /> : (
            <Card>
              <ul class="divide-y divide-slate-100">
                {p.domains.map((d) => (
                  <li class="flex items-center justify-between py-3">
                    <a class="font-medium text-indigo-700 hover:underline" href={`/o/${slug}/settings/domains/${d.id}`} safe>{d.domain}</a>
                    <Badge tone={statusTone[d.status]}>{d.status}</Badge>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        {p.canEdit ? (
          <Card title="Add a domain">
            <form method="post" action={`/o/${slug}/settings/domains`} novalidate>
              <CsrfField token={p.shell.csrf} />
              <Field label="Domain" name="domain" value={p.values.domain} error={p.errors.domain} placeholder="example.com" required />
              <label class="mb-4 flex items-center gap-2 text-sm"><input type="checkbox" name="ed25519" value="1" /> Also sign with Ed25519 (dual signature)</label>
              <Button class="w-full">Add domain</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

export function DomainPage(p: { shell: Shell; domain: SendingDomain; canEdit: boolean; rotation: boolean; error?: string }) {
  const d = p.domain;
  const base = `/o/${p.shell.org!.slug}/settings/domains/${d.id}`;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title={d.domain} subtitle="DNS records for this sending domain" />
      {p.error ? <Alert kind="error"><span safe>{p.error}</span></Alert> : ""}
      <Card class="mb-5"><DomainRecords shell={p.shell} domain={d} canEdit={p.canEdit} /></Card>
      <div class="grid gap-5 lg:grid-cols-2">
        <Card title="DKIM keys">
          <ul class="mb-3 text-sm">
            {d.keys.map((k) => (
              <li class="flex justify-between border-b border-slate-100 py-1.5"><code safe>{k.selector}</code><span safe>{`${k.algorithm} · ${k.status}${k.retireAt ? ` until ${formatTime(k.retireAt)}` : ""}`}</span></li>
            ))}
          </ul>
          {p.canEdit && p.rotation ? (
            <form method="post" action={`${base}/rotate`}>
              <CsrfField token={p.shell.csrf} />
              <Button variant="secondary">Rotate the RSA key</Button>
              <p class="mt-2 text-xs text-slate-500">The new key starts signing once its record is published and verified; the old one stays published for 48 hours.</p>
            </form>
          ) : ""}
        </Card>
        {p.canEdit ? (
          <Card title="DMARC policy">
            <form method="post" action={`${base}/dmarc`} class="flex items-end gap-2">
              <CsrfField token={p.shell.csrf} />
              <label class="text-sm"><span class="mb-1 block">Policy</span>
                <select name="policy" class="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
                  {(["none", "quarantine", "reject"] as const).map((v) => <option value={v} selected={d.dmarcPolicy === v}>{v}</option>)}
                </select>
              </label>
              <Button variant="secondary">Save</Button>
            </form>
            <form method="post" action={`${base}/delete`} class="mt-6" data-confirm={`Remove ${d.domain}? Mail from it stops.`}>
              <CsrfField token={p.shell.csrf} />
              <Button variant="danger">Remove domain</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

import type { FlagDefinition } from "../../src/domain/flags/registry";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Badge, Button, Card, CsrfField, PageHeader } from "./ui";

export interface FeaturesView {
  groups: { category: string; flags: (FlagDefinition & { enabled: boolean; missingEnv: string[]; blockedBy: string | null })[] }[];
  packs: { key: string; state: "on" | "off" | "partial"; members: string[] }[];
  modes: string[];
  canEdit: boolean;
}

const categoryLabel: Record<string, string> = {
  sending: "Sending", receiving: "Receiving", ai: "AI", integrations: "Integrations", security: "Security", deliverability: "Deliverability", hosted: "Hosted",
};

/** The confirmation fragment: what the change turns on and off, then Apply or Cancel. */
export function FeatureChangePreview(p: { shell: Shell; title: string; changes: { key: string; label: string; enabled: boolean }[]; hidden: Record<string, string> }) {
  const slug = p.shell.org!.slug;
  return (
    <div class="rounded-md border border-indigo-200 bg-indigo-50 p-4 text-sm" role="dialog" aria-label="Confirm feature change">
      <p class="mb-2 font-medium" safe>{p.title}</p>
      {p.changes.length === 0 ? <p class="mb-3">Nothing changes.</p> : (
        <ul class="mb-3 list-disc pl-5" id="feature-changes">
          {p.changes.map((c) => <li><span safe>{c.label}</span> → <strong>{c.enabled ? "on" : "off"}</strong></li>)}
        </ul>
      )}
      <form method="post" action={`/o/${slug}/settings/features/apply`} class="flex gap-2">
        <CsrfField token={p.shell.csrf} />
        {Object.entries(p.hidden).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
        <Button disabled={p.changes.length === 0}>Apply</Button>
        <a href={`/o/${slug}/settings/features`} class="rounded-md px-3 py-2 text-slate-600 hover:bg-white">Cancel</a>
      </form>
    </div>
  );
}

function previewAttrs(slug: string) {
  return { "hx-post": `/o/${slug}/settings/features/preview`, "hx-target": "#feature-preview", "hx-swap": "innerHTML show:top" };
}

export function FeaturesPage(p: { shell: Shell; view: FeaturesView; preview?: string }) {
  const { shell, view } = p;
  const safePreview = p.preview ?? "";
  const slug = shell.org!.slug;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Features" subtitle="Turn product areas on or off for this organization. Data is kept when a feature is off." />
      <div id="feature-preview" class="mb-5 scroll-mt-4" aria-live="polite">{safePreview}</div>
      <div class="grid gap-5 lg:grid-cols-3">
        <div class="grid gap-5 lg:col-span-2">
          {view.groups.map((g) => (
            <Card title={categoryLabel[g.category] ?? g.category}>
              <ul class="divide-y divide-slate-100">
                {g.flags.map((f) => (
                  <li class="flex items-center justify-between py-2" data-flag={f.key}>
                    <div>
                      <div class="text-sm font-medium"><span safe>{f.label}</span> <code class="ml-1 text-xs text-slate-400" safe>{f.key}</code></div>
                      {f.requires.length ? <div class="text-xs text-slate-500">Needs <span safe>{f.requires.join(", ")}</span></div> : ""}
                      {f.blockedBy ? <div class="text-xs text-amber-700" safe>{`Needs one of: ${f.blockedBy}`}</div> : ""}
                      {f.missingEnv.length ? <div class="text-xs text-amber-700" safe>{`Set ${f.missingEnv.join(", ")} in the environment for this to work.`}</div> : ""}
                    </div>
                    <form {...(view.canEdit ? previewAttrs(slug) : {})} method="post" action={`/o/${slug}/settings/features/preview`}>
                      <CsrfField token={shell.csrf} />
                      <input type="hidden" name="kind" value="flag" />
                      <input type="hidden" name="key" value={f.key} />
                      <input type="hidden" name="enabled" value={f.enabled ? "false" : "true"} />
                      <button type="submit" disabled={!view.canEdit || (!f.enabled && !!f.blockedBy)} role="switch" aria-checked={f.enabled ? "true" : "false"} aria-label={`${f.label}: ${f.enabled ? "on" : "off"}`}
                        class={`relative h-6 w-11 rounded-full transition ${f.enabled ? "bg-indigo-600" : "bg-slate-300"} disabled:opacity-50`}>
                        <span class={`absolute top-0.5 h-5 w-5 rounded-full bg-white shadow ${f.enabled ? "left-5.5" : "left-0.5"}`}></span>
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
        <div class="grid content-start gap-5">
          <Card title="Packs">
            <ul class="grid gap-3 text-sm">
              {view.packs.map((pk) => (
                <li data-pack={pk.key}>
                  <div class="flex items-center justify-between"><span class="font-medium" safe>{pk.key}</span> <Badge tone={pk.state === "on" ? "green" : pk.state === "partial" ? "amber" : "gray"}>{pk.state}</Badge></div>
                  <p class="text-xs text-slate-500" safe>{pk.members.join(", ")}</p>
                  {view.canEdit ? (
                    <form {...previewAttrs(slug)} method="post" action={`/o/${slug}/settings/features/preview`} class="mt-1 flex gap-2">
                      <CsrfField token={shell.csrf} />
                      <input type="hidden" name="kind" value="pack" />
                      <input type="hidden" name="pack" value={pk.key} />
                      <Button variant="secondary" name="enabled" value="true">All on</Button>
                      <Button variant="secondary" name="enabled" value="false">All off</Button>
                    </form>
                  ) : ""}
                </li>
              ))}
            </ul>
          </Card>
          {view.canEdit ? (
            <Card title="Operating mode">
              <form {...previewAttrs(slug)} method="post" action={`/o/${slug}/settings/features/preview`}>
                <CsrfField token={shell.csrf} />
                <input type="hidden" name="kind" value="mode" />
                <label class="mb-1 block text-sm" for="mode">Start from a preset</label>
                <select id="mode" name="mode" class="mb-2 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
                  {view.modes.map((m) => <option value={m} safe>{m}</option>)}
                </select>
                <Button variant="secondary">Preview</Button>
              </form>
            </Card>
          ) : ""}
        </div>
      </div>
    </AppLayout>
  );
}

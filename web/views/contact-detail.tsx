import type { BlocklistEntry, Contact, Membership, Property, TimelineEntry, Topic } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, LinkButton, PageHeader, formatTime } from "./ui";
import { ContactBadges } from "./contacts";

export interface ContactDetailView {
  contact: Contact;
  memberships: Membership[];
  blocked: BlocklistEntry | null;
  properties: Property[];
  topics: Topic[];
  timeline: { entries: TimelineEntry[]; next: number | null };
  canManage: boolean;
  canExport: boolean;
  notice?: string | null;
  error?: string | null;
}

const SOURCE_TEXT: Record<string, string> = {
  admin: "by a team member", import: "by CSV import", form: "through a form", preferences: "on the preference page",
  one_click: "with one-click unsubscribe", unsubscribe_link: "through the unsubscribe link", doi_link: "through the confirmation link",
  api: "through the API", bounce: "after a bounce", complaint: "after a complaint", email: "", system: "automatically",
};

/** One line per timeline entry (AD-12), built from its details. */
export function describe(e: TimelineEntry): string {
  const d = e.details as Record<string, unknown>;
  const topic = d.topic ? `“${String(d.topic)}”` : "a topic";
  const via = SOURCE_TEXT[e.source] ?? `(${e.source})`;
  const campaign = d.campaignId ? ` (campaign ${String(d.campaignId)})` : "";
  switch (e.type) {
    case "created": return `Contact created (source: ${String(d.source ?? e.source)})`;
    case "updated": return `Profile updated: ${String(d.fields ?? "")}`;
    case "property_updated": return `${String(d.label ?? d.key)} changed from ${fmt(d.from)} to ${fmt(d.to)}`;
    case "topic_subscribed": return `Subscribed to ${topic} ${via}${d.pendingConfirmation ? ", waiting for confirmation" : ""}`;
    case "topic_unsubscribed": return `Unsubscribed from ${topic} ${via}`;
    case "topic_confirmed": return `Confirmed the subscription to ${topic} ${via}`;
    case "unsubscribed": return `Opted out of all email ${via}`;
    case "blocklisted": return `Address blocklisted (${String(d.reason)}) ${via}${d.note ? `: ${String(d.note)}` : ""}`;
    case "unblocked": return `Removed from the blocklist ${via}`;
    case "form_submitted": return `Submitted the form “${String(d.form ?? "")}” (${String(d.outcome ?? "")})`;
    case "sent": return `Email sent${campaign}`;
    case "delivered": return `Email delivered${campaign}`;
    case "opened": return `Opened an email${campaign}`;
    case "clicked": return `Clicked ${d.link ? String(d.link) : "a link"}${campaign}`;
    case "bounced": return `Email bounced${campaign}${d.detail ? `: ${String(d.detail)}` : ""}`;
    case "soft_bounced": return `Email soft-bounced${campaign}${d.detail ? `: ${String(d.detail)}` : ""}`;
    case "complained": return `Marked an email as spam${campaign}`;
    default: return e.type.replace(/_/g, " ");
  }
}

const fmt = (v: unknown) => (v === null || v === undefined || v === "" ? "not set" : v === true ? "yes" : v === false ? "no" : `“${String(v)}”`);

export function Timeline(p: { shell: Shell; contactId: number; timeline: ContactDetailView["timeline"] }) {
  const base = `/o/${p.shell.org!.slug}/contacts/${p.contactId}`;
  return (
    <>
      {p.timeline.entries.map((e) => (
        <li class="flex gap-3 border-b border-slate-100 py-2 text-sm" data-timeline-type={e.type}>
          <span class={`mt-1.5 inline-block h-2 w-2 shrink-0 rounded-full ${e.kind === "email" ? "bg-sky-500" : e.type.includes("unsub") || e.type === "blocklisted" ? "bg-amber-500" : "bg-indigo-500"}`} aria-hidden="true"></span>
          <div class="min-w-0 flex-1">
            <p class="break-words text-slate-800" safe>{describe(e)}</p>
            <p class="text-xs text-slate-500" safe>{`${formatTime(e.at)}${e.actor ? ` · ${e.actor}` : ""}`}</p>
          </div>
        </li>
      ))}
      {p.timeline.next ? (
        <li id="timeline-more" class="py-2">
          <button type="button" class="text-sm text-indigo-700 hover:underline" hx-get={`${base}/timeline?before=${p.timeline.next}`} hx-target="#timeline-more" hx-swap="outerHTML">Show older activity</button>
        </li>
      ) : ""}
    </>
  );
}

function PropertyValue(p: { prop: Property; value: unknown }) {
  const v = p.value;
  if (v === undefined || v === null || v === "") return <span class="text-slate-400">Not set</span>;
  return <span safe>{v === true ? "Yes" : v === false ? "No" : String(v)}</span>;
}

function Memberships(p: { shell: Shell; view: ContactDetailView }) {
  const { view, shell } = p;
  const base = `/o/${shell.org!.slug}/contacts/${view.contact.id}`;
  const available = view.topics.filter((t) => !view.memberships.some((m) => m.topicId === t.id));
  return (
    <Card title="Topics" class="mb-4">
      {view.memberships.length === 0 ? <p class="mb-3 text-sm text-slate-500">Not subscribed to any topic.</p> : (
        <ul class="mb-3 divide-y divide-slate-100 text-sm">
          {view.memberships.map((m) => (
            <li class="flex items-center justify-between gap-2 py-2">
              <span>
                <span class="font-medium" safe>{m.topicName}</span>
                {m.requireDoubleOptIn && view.contact.doiStatus === "pending" ? <> <Badge tone="amber">Unconfirmed</Badge></> : ""}
                <span class="block text-xs text-slate-500" safe>{`since ${formatTime(m.createdAt)} · ${m.source}`}</span>
              </span>
              {view.canManage ? (
                <form method="post" action={`${base}/topics/${m.topicId}/remove`}>
                  <CsrfField token={shell.csrf} />
                  <Button variant="ghost" aria-label={`Remove from ${m.topicName}`}>Remove</Button>
                </form>
              ) : ""}
            </li>
          ))}
        </ul>
      )}
      {view.canManage && available.length ? (
        <form method="post" action={`${base}/topics`} class="flex flex-wrap items-end gap-2">
          <CsrfField token={shell.csrf} />
          <div>
            <label for="add-topic" class="mb-1 block text-xs font-medium text-slate-600">Add to topic</label>
            <select id="add-topic" name="topicId" class="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
              {available.map((t) => <option value={String(t.id)} safe>{`${t.name}${t.requireDoubleOptIn ? " (double opt-in)" : ""}`}</option>)}
            </select>
          </div>
          <label class="flex items-center gap-1 text-sm text-slate-600"><input type="checkbox" name="withoutConfirmation" value="on" /> Skip the confirmation mail</label>
          <Button variant="secondary">Add</Button>
        </form>
      ) : ""}
      {view.canManage && view.contact.doiStatus === "pending" ? (
        <form method="post" action={`${base}/resend-confirmation`} class="mt-3">
          <CsrfField token={shell.csrf} />
          <Button variant="ghost">Send the confirmation mail again</Button>
        </form>
      ) : ""}
    </Card>
  );
}

export function ContactDetailPage(p: { shell: Shell; view: ContactDetailView }) {
  const { shell, view } = p;
  const c = view.contact;
  const base = `/o/${shell.org!.slug}/contacts/${c.id}`;
  const row = (label: string, value: string | null) => (
    <div class="py-1.5"><dt class="text-xs text-slate-500" safe>{label}</dt><dd class="text-sm" safe>{value || "Not set"}</dd></div>
  );
  return (
    <AppLayout shell={shell}>
      <PageHeader title={c.email ?? `Contact ${c.id}`} subtitle={`${c.firstName} ${c.lastName}`.trim() || undefined}>
        {view.canExport ? <a href={`${base}/export.json`} hx-boost="false" class="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">Export data</a> : ""}
        {view.canManage ? <LinkButton href={`${base}/edit`} variant="primary">Edit</LinkButton> : ""}
      </PageHeader>
      {view.notice ? <Alert kind="success"><span safe>{view.notice}</span></Alert> : ""}
      {view.error ? <Alert kind="error"><span safe>{view.error}</span></Alert> : ""}
      {view.blocked ? <Alert kind="warning"><span safe>{`This address is on the blocklist (${view.blocked.reason}${view.blocked.note ? `: ${view.blocked.note}` : ""}) and gets no campaign mail.`}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <div class="lg:col-span-1">
          <Card title="Profile" class="mb-4">
            <p class="mb-2"><ContactBadges c={{ ...c, blocked: !!view.blocked }} /></p>
            <dl>
              {row("First name", c.firstName)}
              {row("Last name", c.lastName)}
              {row("Language", c.language)}
              {row("Time zone", c.timezone)}
              {row("Source", c.source)}
              {row("Added", formatTime(c.createdAt))}
              {row("Notes", c.notes)}
            </dl>
          </Card>
          <Card title="Custom properties" class="mb-4">
            {view.properties.length === 0 ? <p class="text-sm text-slate-500">No custom properties defined.</p> : (
              <dl>{view.properties.map((prop) => <div class="py-1.5"><dt class="text-xs text-slate-500" safe>{prop.label}</dt><dd class="text-sm"><PropertyValue prop={prop} value={c.properties[prop.key]} /></dd></div>)}</dl>
            )}
          </Card>
          <Memberships shell={shell} view={view} />
          {view.canManage ? (
            <form method="post" action={`${base}/delete`} data-confirm="Delete this contact? Topic memberships and property values are removed; this cannot be undone.">
              <CsrfField token={shell.csrf} />
              <Button variant="danger">Delete contact</Button>
            </form>
          ) : ""}
        </div>
        <Card title="Activity" class="lg:col-span-2">
          <ul id="timeline" aria-label="Activity timeline">
            {view.timeline.entries.length ? <Timeline shell={shell} contactId={c.id} timeline={view.timeline} /> : <li class="text-sm text-slate-500">No activity yet.</li>}
          </ul>
        </Card>
      </div>
    </AppLayout>
  );
}

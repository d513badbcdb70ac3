import type { Topic } from "../../src/domain/audience/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, EmptyState, Field, LinkButton, PageHeader } from "./ui";

export interface TopicCounts {
  total: number;
  eligible: number;
  excluded: { noEmail: number; unsubscribedOrSuppressed: number; unconfirmedDoi: number };
}

function TopicForm(p: { shell: Shell; topic: Topic | null; values: Record<string, unknown>; errors: Record<string, string> }) {
  const { shell, topic, values: v, errors } = p;
  const base = `/o/${shell.org!.slug}/topics`;
  const doi = v.requireDoubleOptIn === undefined ? (topic ? topic.requireDoubleOptIn : true) : v.requireDoubleOptIn === true || v.requireDoubleOptIn === "on";
  return (
    <form method="post" action={topic ? `${base}/${topic.id}` : base} novalidate>
      <CsrfField token={shell.csrf} />
      <Field label="Name" name="name" value={String(v.name ?? topic?.name ?? "")} error={errors.name} required placeholder="Weekly newsletter" />
      <div class="mb-4">
        <label for="f-description" class="mb-1 block text-sm font-medium text-slate-700">Description</label>
        <textarea id="f-description" name="description" rows="2" class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" safe>{String(v.description ?? topic?.description ?? "")}</textarea>
        <p class="mt-1 text-xs text-slate-500">Shown to subscribers on the preference page.</p>
      </div>
      <label class="mb-1 flex items-center gap-2 text-sm font-medium text-slate-700">
        <input type="checkbox" name="requireDoubleOptIn" value="on" checked={doi} /> Require double opt-in
      </label>
      <p class="mb-4 text-xs text-slate-500">New subscribers get a confirmation mail and receive campaigns only after they click its link (recommended).</p>
      <Button>{topic ? "Save topic" : "Create topic"}</Button>
    </form>
  );
}

export function TopicsPage(p: { shell: Shell; topics: Topic[]; canManage: boolean; errors: Record<string, string>; values: Record<string, unknown> }) {
  const { shell } = p;
  const slug = shell.org!.slug;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Topics" subtitle="Lists people subscribe to. A campaign goes to one topic or one segment." />
      {p.errors._form ? <Alert kind="error"><span safe>{p.errors._form}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <Card title="All topics" class="lg:col-span-2">
          {p.topics.length === 0 ? <EmptyState title="No topics yet" text="Create your first topic, for example “Newsletter”." /> : (
            <ul class="divide-y divide-slate-100">
              {p.topics.map((t) => (
                <li class="flex items-center justify-between gap-3 py-3">
                  <div class="min-w-0">
                    <a class="font-medium text-indigo-700 hover:underline" href={`/o/${slug}/topics/${t.id}`} safe>{t.name}</a>
                    {t.requireDoubleOptIn ? <> <Badge tone="indigo">Double opt-in</Badge></> : ""}
                    {t.description ? <p class="truncate text-sm text-slate-500" safe>{t.description}</p> : ""}
                  </div>
                  <a class="shrink-0 text-sm text-slate-600 hover:underline" href={`/o/${slug}/contacts?topic=${t.id}`} safe>{`${t.memberCount.toLocaleString("en")} member${t.memberCount === 1 ? "" : "s"}`}</a>
                </li>
              ))}
            </ul>
          )}
        </Card>
        {p.canManage ? <Card title="New topic"><TopicForm shell={shell} topic={null} values={p.values} errors={p.errors} /></Card> : ""}
      </div>
    </AppLayout>
  );
}

export function TopicPage(p: { shell: Shell; topic: Topic; counts: TopicCounts; canManage: boolean; errors: Record<string, string>; values: Record<string, unknown> }) {
  const { shell, topic, counts } = p;
  const slug = shell.org!.slug;
  const stat = (label: string, n: number) => <div><p class="text-2xl font-semibold" safe>{n.toLocaleString("en")}</p><p class="text-xs text-slate-500" safe>{label}</p></div>;
  return (
    <AppLayout shell={shell}>
      <PageHeader title={topic.name} subtitle="Topic">
        <LinkButton href={`/o/${slug}/contacts?topic=${topic.id}`}>View members</LinkButton>
      </PageHeader>
      {p.errors._form ? <Alert kind="error"><span safe>{p.errors._form}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <Card title="Audience" class="lg:col-span-2">
          <div class="grid grid-cols-2 gap-4 sm:grid-cols-3">
            {stat("members", counts.total)}
            {stat("can receive campaigns", counts.eligible)}
            {stat("waiting for confirmation", counts.excluded.unconfirmedDoi)}
            {stat("unsubscribed or blocklisted", counts.excluded.unsubscribedOrSuppressed)}
            {stat("without an email address", counts.excluded.noEmail)}
          </div>
        </Card>
        {p.canManage ? (
          <Card title="Settings">
            <TopicForm shell={shell} topic={topic} values={p.values} errors={p.errors} />
            <form method="post" action={`/o/${slug}/topics/${topic.id}/delete`} class="mt-6 border-t border-slate-100 pt-4" data-confirm={`Delete “${topic.name}”? Its ${topic.memberCount} membership(s) are removed; the contacts stay.`}>
              <CsrfField token={shell.csrf} />
              <Button variant="danger">Delete topic</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

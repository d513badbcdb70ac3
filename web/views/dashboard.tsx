import type { Checklist } from "../../src/domain/onboarding/model";
import { AppLayout, CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { Button, Card, CsrfField, EmptyState, Field, PageHeader } from "./ui";

function ChecklistCard(p: { shell: Shell; checklist: Checklist }) {
  const { checklist: c, shell } = p;
  const pct = c.total ? Math.round((c.completed / c.total) * 100) : 100;
  return (
    <Card class="mb-6">
      <div class="mb-3 flex items-start justify-between">
        <div>
          <h2 class="text-base font-semibold">Get your instance ready</h2>
          <p class="text-sm text-slate-500"><span safe>{`${c.completed} of ${c.total}`}</span> steps done</p>
        </div>
        <form method="post" action={`/o/${shell.org!.slug}/onboarding/dismiss`}>
          <CsrfField token={shell.csrf} />
          <button type="submit" class="text-slate-400 hover:text-slate-700" aria-label="Dismiss the checklist">✕</button>
        </form>
      </div>
      <progress class="mb-4 h-2 w-full" max="100" value={String(pct)} aria-label="Onboarding progress" safe>{`${pct}%`}</progress>
      <ul class="grid gap-2 text-sm">
        {c.steps.map((s) => (
          <li class="flex items-center gap-2">
            <span aria-hidden="true" class={s.done ? "text-emerald-600" : "text-slate-300"}>{s.done ? "✔" : "○"}</span>
            {s.done ? <span class="text-slate-500 line-through" safe>{s.label}</span> : <a class="text-indigo-700 hover:underline" href={`/o/${shell.org!.slug}${s.path}`} safe>{s.label}</a>}
            <span class="sr-only">{s.done ? "(done)" : "(to do)"}</span>
          </li>
        ))}
      </ul>
      <form method="post" action={`/o/${shell.org!.slug}/onboarding/dismiss`} class="mt-3">
        <CsrfField token={shell.csrf} />
        <button type="submit" class="text-sm text-slate-500 hover:underline">I'll do this later</button>
      </form>
    </Card>
  );
}

export function DashboardPage(p: { shell: Shell; checklist: Checklist; memberCount: number }) {
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Dashboard" subtitle={p.shell.org?.name} />
      {p.checklist.visible ? <ChecklistCard shell={p.shell} checklist={p.checklist} /> : ""}
      <div class="grid gap-4 sm:grid-cols-3">
        <Card title="Team"><p class="text-2xl font-semibold" safe>{String(p.memberCount)}</p><p class="text-sm text-slate-500">members</p></Card>
      </div>
    </AppLayout>
  );
}

export function NoOrganizationsPage(p: { shell: Shell }) {
  return (
    <CenteredLayout shell={p.shell}>
      <EmptyState title="You are not a member of any organization" text="Ask an owner or admin for an invitation.">
        {p.shell.user?.isInstanceAdmin ? <a class="text-indigo-700 hover:underline" href="/orgs/new">Create an organization</a> : ""}
      </EmptyState>
    </CenteredLayout>
  );
}

export function NewOrganizationPage(p: { shell: Shell; values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-4 text-lg font-semibold">New organization</h1>
      <p class="mb-4 text-sm text-slate-500">Each organization keeps its contacts, content and campaigns in its own database file.</p>
      {p.errors._form ? <p class="mb-3 text-sm text-red-600" safe>{p.errors._form}</p> : ""}
      <form method="post" action="/orgs" novalidate>
        <CsrfField token={p.shell.csrf} />
        <Field label="Name" name="orgName" value={p.values.orgName} error={p.errors.orgName} required />
        <Field label="Slug (optional)" name="slug" value={p.values.slug} error={p.errors.slug} hint="Used in addresses: /o/<slug>. Derived from the name when empty." />
        <Button class="w-full">Create</Button>
      </form>
    </CenteredLayout>
  );
}

import { AppLayout, CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, Card, CsrfField, Field, PageHeader } from "./ui";

export interface AccountDataView {
  orgs: { slug: string; name: string; role: string }[];
  deletion: { scheduledFor: number; requestedAt: number } | null;
  now: number;
  notice?: string | null;
  cancelLink?: string | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function AccountDataPage(p: { shell: Shell; view: AccountDataView; errors: Record<string, string> }) {
  const { shell, view, errors } = p;
  const left = view.deletion ? Math.max(0, Math.ceil((view.deletion.scheduledFor - view.now) / 86_400_000)) : 0;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Your data" subtitle="Export everything you can see, or delete your account." />
      {view.notice ? <Alert kind="success"><span safe>{view.notice}</span></Alert> : ""}
      {view.deletion ? (
        <Alert kind="warning">
          <p class="font-medium" safe>{`Your account will be deleted on ${day(view.deletion.scheduledFor)} (${left} day${left === 1 ? "" : "s"} left).`}</p>
          {view.cancelLink ? <p class="mt-1 break-all text-xs" safe>{`The cancel link could not be mailed; keep it: ${view.cancelLink}`}</p> : ""}
          <form method="post" action="/account/data/delete/cancel" class="mt-2"><CsrfField token={shell.csrf} /><Button variant="secondary">Cancel account deletion</Button></form>
        </Alert>
      ) : ""}
      <div class="grid gap-5 lg:grid-cols-2">
        <Card title="Complete data export">
          <p class="mb-3 text-sm text-slate-600">A JSON file with your profile, your memberships and, for each organization you belong to, its contacts, properties, topics, segments and blocked addresses.</p>
          <a href="/account/export.json" hx-boost="false" class="inline-flex items-center rounded-md border border-indigo-600 bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">Download JSON export</a>
          {view.orgs.some((o) => o.role !== "editor") ? (
            <div class="mt-4">
              <p class="mb-1 text-sm font-medium text-slate-700">Contacts as CSV (owners and admins)</p>
              <ul class="text-sm">{view.orgs.filter((o) => o.role !== "editor").map((o) => <li><a class="text-indigo-700 hover:underline" hx-boost="false" href={`/o/${o.slug}/contacts/account-export.csv`} safe>{`${o.name} — contacts CSV`}</a></li>)}</ul>
            </div>
          ) : ""}
        </Card>
        {!view.deletion ? (
          <Card title="Delete your account">
            <p class="mb-3 text-sm text-slate-600">Your account is deleted 30 days after you ask; until then you can cancel here or with the link we mail you. Organizations you own must have another owner first.</p>
            {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
            <form method="post" action="/account/data/delete" novalidate>
              <CsrfField token={shell.csrf} />
              <div class="mb-4">
                <label for="f-reason" class="mb-1 block text-sm font-medium text-slate-700">Why are you leaving? (optional)</label>
                <textarea id="f-reason" name="reason" rows="2" class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"></textarea>
              </div>
              <Field label="Type DELETE to confirm" name="confirm" error={errors.confirm} autocomplete="off" />
              <Button variant="danger">Delete my account in 30 days</Button>
            </form>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

export function CancelDeletionPage(p: { shell: Shell; token: string; state: "ask" | "done" | "invalid"; scheduledFor?: number }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-3 text-lg font-semibold">Cancel account deletion</h1>
      {p.state === "invalid" ? <p class="text-sm text-slate-600">This link is invalid, was already used, or the account is already deleted. Nothing was changed.</p>
        : p.state === "done" ? <Alert kind="success">The deletion is cancelled. Your account stays as it is.</Alert>
        : (
          <form method="post" action={`/cancel-deletion?token=${encodeURIComponent(p.token)}`}>
            <CsrfField token={p.shell.csrf} />
            <p class="mb-4 text-sm text-slate-600" safe>{`The account is scheduled for deletion on ${day(p.scheduledFor ?? 0)}.`}</p>
            <Button class="w-full">Keep my account</Button>
          </form>
        )}
    </CenteredLayout>
  );
}

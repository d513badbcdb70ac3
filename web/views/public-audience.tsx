import { CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, CsrfField } from "./ui";

/** Pages reached from links in email, without an account: unsubscribe, preferences, confirm. */
export function LinkProblemPage(p: { shell: Shell; title: string; text: string }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-3 text-lg font-semibold" safe>{p.title}</h1>
      <p class="text-sm text-slate-600" safe>{p.text}</p>
    </CenteredLayout>
  );
}

export function UnsubscribePage(p: { shell: Shell; token: string; email: string | null; org: string; topic: { id: number; name: string } | null; subscribedTo: string[]; prefsUrl: string; done?: string | null }) {
  const action = `/unsubscribe?token=${encodeURIComponent(p.token)}`;
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-3 text-lg font-semibold" safe>{p.done ? "You are unsubscribed" : `Unsubscribe from ${p.org}`}</h1>
      {p.done ? <Alert kind="success"><span safe>{p.done}</span></Alert> : (
        <>
          <p class="mb-4 text-sm text-slate-600" safe>{`${p.email ?? "This address"} ${p.subscribedTo.length ? `receives: ${p.subscribedTo.join(", ")}.` : "is not subscribed to any topic."}`}</p>
          <form method="post" action={action} class="flex flex-col gap-2">
            <CsrfField token={p.shell.csrf} />
            {p.topic ? <Button name="topic" value={String(p.topic.id)} variant="secondary"><span safe>{`Unsubscribe from “${p.topic.name}” only`}</span></Button> : ""}
            <Button name="scope" value="all" variant="danger">Unsubscribe from all email</Button>
          </form>
        </>
      )}
      <p class="mt-4 text-sm"><a class="text-indigo-700 hover:underline" href={p.prefsUrl}>Choose which topics you receive instead</a></p>
      <p class="mt-4 text-xs text-slate-500">Messages about your account or orders (transactional email) may still arrive.</p>
    </CenteredLayout>
  );
}

export function PreferencesPage(p: { shell: Shell; token: string; email: string | null; teamName: string; topics: { _id: string; name: string; description: string; subscribed: boolean }[]; saved?: string | null; error?: string | null }) {
  const action = `/preferences?token=${encodeURIComponent(p.token)}`;
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Email preferences</h1>
      <p class="mb-4 text-sm text-slate-600" safe>{`${p.email ?? ""} · ${p.teamName}`}</p>
      {p.saved ? <Alert kind="success"><span safe>{p.saved}</span></Alert> : ""}
      {p.error ? <Alert kind="error"><span safe>{p.error}</span></Alert> : ""}
      <form method="post" action={action}>
        <CsrfField token={p.shell.csrf} />
        <input type="hidden" name="shown" value={p.topics.map((t) => t._id).join(",")} />
        {p.topics.length === 0 ? <p class="mb-4 text-sm text-slate-500">There are no topics to choose from.</p> : (
          <ul class="mb-4 divide-y divide-slate-100">
            {p.topics.map((t) => (
              <li class="py-2">
                <label class="flex items-start gap-3">
                  <input type="checkbox" name="topics" value={t._id} checked={t.subscribed} class="mt-1" />
                  <span><span class="block text-sm font-medium" safe>{t.name}</span>{t.description ? <span class="block text-xs text-slate-500" safe>{t.description}</span> : ""}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <div class="flex flex-wrap gap-2">
          <Button name="intent" value="save">Save preferences</Button>
          <Button name="intent" value="all" variant="danger">Unsubscribe from everything</Button>
        </div>
      </form>
      <p class="mt-4 text-xs text-slate-500">Transactional email (receipts, password resets) may still arrive.</p>
    </CenteredLayout>
  );
}

export function ConfirmPage(p: { shell: Shell; token: string; email: string | null; org: string; state: "ask" | "done" | "already" }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-3 text-lg font-semibold">{p.state === "ask" ? <span safe>{`Confirm your subscription to ${p.org}`}</span> : "Subscription confirmed"}</h1>
      {p.state === "ask" ? (
        <form method="post" action={`/confirm?token=${encodeURIComponent(p.token)}`}>
          <CsrfField token={p.shell.csrf} />
          <p class="mb-4 text-sm text-slate-600" safe>{`Click the button to confirm that ${p.email ?? "you"} want${p.email ? "s" : ""} to receive email from ${p.org}.`}</p>
          <Button class="w-full">Confirm subscription</Button>
        </form>
      ) : <Alert kind="success"><span>{p.state === "done" ? "Your subscription has been confirmed!" : "Your subscription was already confirmed."}</span></Alert>}
    </CenteredLayout>
  );
}

import { CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, CsrfField, Field } from "./ui";

export type FormErrors = Record<string, string> & { _form?: string };
type Values = Record<string, string>;

function FormError(p: { errors: FormErrors }) {
  return p.errors._form ? <Alert kind="error"><span safe>{p.errors._form}</span></Alert> : "";
}

export function SetupPage(p: { shell: Shell; values: Values; errors: FormErrors }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Welcome — set up Owlat</h1>
      <p class="mb-5 text-sm text-slate-500">Create the owner account and your first organization. This page closes once it is done.</p>
      <FormError errors={p.errors} />
      <form method="post" action="/setup" novalidate>
        <CsrfField token={p.shell.csrf} />
        <Field label="Your name" name="name" value={p.values.name} error={p.errors.name} autocomplete="name" />
        <Field label="Email" name="email" type="email" value={p.values.email} error={p.errors.email} required autocomplete="email" />
        <Field label="Password" name="password" type="password" error={p.errors.password} required autocomplete="new-password" hint="At least 10 characters." />
        <Field label="Organization name" name="orgName" value={p.values.orgName} error={p.errors.orgName} required placeholder="Acme Inc." />
        <Button class="w-full">Create account</Button>
      </form>
    </CenteredLayout>
  );
}

export function LoginPage(p: { shell: Shell; values: Values; errors: FormErrors; next?: string; message?: string }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-5 text-lg font-semibold">Sign in</h1>
      {p.message ? <Alert kind="success"><span safe>{p.message}</span></Alert> : ""}
      <FormError errors={p.errors} />
      <form method="post" action="/login" novalidate>
        <CsrfField token={p.shell.csrf} />
        <input type="hidden" name="next" value={p.next ?? ""} />
        <Field label="Email" name="email" type="email" value={p.values.email} error={p.errors.email} required autocomplete="username" autofocus />
        <Field label="Password" name="password" type="password" error={p.errors.password} required autocomplete="current-password" />
        <Button class="w-full">Sign in</Button>
      </form>
      <p class="mt-4 text-center text-sm"><a class="text-indigo-700 hover:underline" href="/forgot-password">Forgot your password?</a></p>
    </CenteredLayout>
  );
}

export function TwoFactorPage(p: { shell: Shell; errors: FormErrors; next?: string }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Two-factor authentication</h1>
      <p class="mb-5 text-sm text-slate-500">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
      <FormError errors={p.errors} />
      <form method="post" action="/login/two-factor" novalidate>
        <CsrfField token={p.shell.csrf} />
        <input type="hidden" name="next" value={p.next ?? ""} />
        <Field label="Code" name="code" error={p.errors.code} required autocomplete="one-time-code" inputmode="numeric" autofocus />
        <Button class="w-full">Verify</Button>
      </form>
      <form method="post" action="/logout" class="mt-4 text-center text-sm">
        <CsrfField token={p.shell.csrf} />
        <button class="text-slate-500 hover:underline" type="submit">Cancel and sign out</button>
      </form>
    </CenteredLayout>
  );
}

export function ForgotPasswordPage(p: { shell: Shell; values: Values; errors: FormErrors; sent?: boolean }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Reset your password</h1>
      {p.sent ? (
        <Alert kind="success">If an account exists for that address, we sent it a link to set a new password. The link works for 1 hour.</Alert>
      ) : (
        <p class="mb-5 text-sm text-slate-500">We will email you a link to set a new password.</p>
      )}
      <FormError errors={p.errors} />
      <form method="post" action="/forgot-password" novalidate>
        <CsrfField token={p.shell.csrf} />
        <Field label="Email" name="email" type="email" value={p.values.email} error={p.errors.email} required autocomplete="email" />
        <Button class="w-full">Send reset link</Button>
      </form>
      <p class="mt-4 text-center text-sm"><a class="text-indigo-700 hover:underline" href="/login">Back to sign in</a></p>
    </CenteredLayout>
  );
}

export function ResetPasswordPage(p: { shell: Shell; token: string; errors: FormErrors; valid: boolean }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-4 text-lg font-semibold">Choose a new password</h1>
      {!p.valid ? (
        <>
          <Alert kind="error">This reset link is invalid, expired or already used.</Alert>
          <a class="text-sm text-indigo-700 hover:underline" href="/forgot-password">Ask for a new link</a>
        </>
      ) : (
        <>
          <FormError errors={p.errors} />
          <form method="post" action={`/reset-password/${p.token}`} novalidate>
            <CsrfField token={p.shell.csrf} />
            <Field label="New password" name="password" type="password" error={p.errors.password} required autocomplete="new-password" hint="At least 10 characters." />
            <Button class="w-full">Set password</Button>
          </form>
        </>
      )}
    </CenteredLayout>
  );
}

export function MessagePage(p: { shell: Shell; title: string; message: string; kind?: "error" | "success" | "info"; linkHref?: string; linkText?: string }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-4 text-lg font-semibold" safe>{p.title}</h1>
      <Alert kind={p.kind ?? "info"}><span safe>{p.message}</span></Alert>
      {p.linkHref ? <a class="text-sm text-indigo-700 hover:underline" href={p.linkHref} safe>{p.linkText ?? "Continue"}</a> : ""}
    </CenteredLayout>
  );
}

export interface InvitationView {
  token: string;
  orgName: string;
  email: string;
  role: string;
}

/** Accepting an invitation: signed in with the invited address, with another one, or no account yet. */
export function InvitePage(p: { shell: Shell; invite: InvitationView; state: "accept" | "wrong-user" | "register" | "login"; errors: FormErrors; values: Values }) {
  const { invite } = p;
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Join <span safe>{invite.orgName}</span></h1>
      <p class="mb-5 text-sm text-slate-500">Invitation for <strong safe>{invite.email}</strong> as <strong safe>{invite.role}</strong>.</p>
      <FormError errors={p.errors} />
      {p.state === "accept" ? (
        <form method="post" action={`/invite/${invite.token}/accept`}>
          <CsrfField token={p.shell.csrf} />
          <Button class="w-full">Accept invitation</Button>
        </form>
      ) : p.state === "wrong-user" ? (
        <Alert kind="warning">You are signed in as <span safe>{p.shell.user?.email ?? ""}</span>. Sign out and sign in as <span safe>{invite.email}</span> to accept.</Alert>
      ) : p.state === "login" ? (
        <a class="text-indigo-700 hover:underline" href={`/login?next=${encodeURIComponent(`/invite/${invite.token}`)}`}>Sign in as <span safe>{invite.email}</span> to accept</a>
      ) : (
        <form method="post" action={`/invite/${invite.token}/register`} novalidate>
          <CsrfField token={p.shell.csrf} />
          <Field label="Your name" name="name" value={p.values.name} error={p.errors.name} autocomplete="name" />
          <Field label="Email" name="email-display" value={invite.email} readonly hint="The account uses the invited address." />
          <Field label="Password" name="password" type="password" error={p.errors.password} required autocomplete="new-password" hint="At least 10 characters." />
          <Button class="w-full">Create account and join</Button>
        </form>
      )}
    </CenteredLayout>
  );
}

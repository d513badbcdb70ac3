import { AppLayout, CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, Card, CsrfField, Field, PageHeader } from "./ui";

type Errors = Record<string, string>;

export interface AccountView {
  email: string;
  name: string;
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  orgs: { slug: string; name: string; role: string }[];
  /** During TOTP enrolment. */
  totpSetup?: { secret: string; qrSvg: string } | null;
  /** Right after enrolment, shown once. */
  recoveryCodes?: string[] | null;
}

/** The QR code is SVG markup made by the qrcode library from our own otpauth URI. */
const safeQrSvg = (svg: string) => svg;

function TwoFactorCard(p: { shell: Shell; view: AccountView; errors: Errors }) {
  const { view } = p;
  if (view.recoveryCodes) {
    return (
      <Card title="Two-factor authentication">
        <Alert kind="success">Two-factor authentication is on. Store these recovery codes somewhere safe — each works once, and they are shown only now.</Alert>
        <ul class="mb-2 grid grid-cols-2 gap-1 font-mono text-sm" id="recovery-codes">
          {view.recoveryCodes.map((c) => <li safe>{c}</li>)}
        </ul>
      </Card>
    );
  }
  if (view.totpEnabled) {
    return (
      <Card title="Two-factor authentication">
        <p class="mb-3 text-sm text-slate-600">On. <span safe>{String(view.recoveryCodesLeft)}</span> recovery codes left.</p>
        <form method="post" action="/account/two-factor/disable" novalidate>
          <CsrfField token={p.shell.csrf} />
          <Field label="Password" name="password" type="password" error={p.errors.password} autocomplete="current-password" />
          <Button variant="danger">Turn off two-factor</Button>
        </form>
      </Card>
    );
  }
  if (view.totpSetup) {
    return (
      <Card title="Two-factor authentication">
        <p class="mb-3 text-sm text-slate-600">Scan this code with your authenticator app, or type the key, then enter the 6-digit code it shows.</p>
        <div class="mb-3 w-44">{safeQrSvg(view.totpSetup.qrSvg)}</div>
        <p class="mb-3 text-sm">Key: <code id="totp-secret" class="font-mono" safe>{view.totpSetup.secret}</code></p>
        <form method="post" action="/account/two-factor/confirm" novalidate>
          <CsrfField token={p.shell.csrf} />
          <Field label="Code" name="code" error={p.errors.code} autocomplete="one-time-code" inputmode="numeric" />
          <Button>Turn on</Button>
        </form>
      </Card>
    );
  }
  return (
    <Card title="Two-factor authentication">
      <p class="mb-3 text-sm text-slate-600">Off. Add a code from an authenticator app to every sign-in.</p>
      <form method="post" action="/account/two-factor/begin">
        <CsrfField token={p.shell.csrf} />
        <Button variant="secondary">Set up two-factor</Button>
      </form>
    </Card>
  );
}

export function AccountPage(p: { shell: Shell; view: AccountView; errors: Errors; notice?: string }) {
  const { view, errors, shell } = p;
  const Frame = shell.org ? AppLayout : CenteredLayout;
  return (
    <Frame shell={shell}>
      <PageHeader title="Your account" subtitle={view.email} />
      {p.notice ? <Alert kind="success"><span safe>{p.notice}</span></Alert> : ""}
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <div class="grid max-w-3xl gap-5">
        <Card title="Profile">
          <form method="post" action="/account/profile" novalidate>
            <CsrfField token={shell.csrf} />
            <Field label="Name" name="name" value={view.name} error={errors.name} autocomplete="name" />
            <Button>Save</Button>
          </form>
        </Card>
        <Card title="Email address">
          <form method="post" action="/account/email" novalidate>
            <CsrfField token={shell.csrf} />
            <Field label="New email" name="email" type="email" error={errors.email} autocomplete="email" hint="We send a confirmation link to the new address; the change happens when you open it." />
            <Field label="Current password" name="password" type="password" error={errors.password} autocomplete="current-password" />
            <Button variant="secondary">Change email</Button>
          </form>
        </Card>
        <Card title="Password">
          <form method="post" action="/account/password" novalidate>
            <CsrfField token={shell.csrf} />
            <Field label="Current password" name="current" type="password" error={errors.current} autocomplete="current-password" />
            <Field label="New password" name="next" type="password" error={errors.next} autocomplete="new-password" hint="At least 10 characters. Other sessions are signed out." />
            <Button variant="secondary">Change password</Button>
          </form>
        </Card>
        <TwoFactorCard shell={shell} view={view} errors={errors} />
        <Card title="Your data"><p class="text-sm text-slate-600"><a class="text-indigo-700 hover:underline" href="/account/data">Export your data or delete your account</a></p></Card>
        <Card title="Organizations">
          <ul class="text-sm">
            {view.orgs.map((o) => (
              <li class="flex justify-between border-b border-slate-100 py-2 last:border-0">
                <a class="text-indigo-700 hover:underline" href={`/o/${o.slug}`} safe>{o.name}</a>
                <span class="text-slate-500" safe>{o.role}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </Frame>
  );
}

import type { OrgProfile } from "../../src/domain/settings/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, Field, PageHeader } from "./ui";

export function OrgSettingsPage(p: { shell: Shell; name: string; profile: OrgProfile; canEdit: boolean; mailKind: string; errors: Record<string, string>; saved?: boolean }) {
  const { shell, errors, profile } = p;
  const mailText: Record<string, string> = {
    "smtp-relay": "SMTP relay (OWLAT_SMTP_HOST)",
    mta: "Built-in MTA",
    "dev-outbox": "Dev outbox (nothing leaves this machine)",
    none: "Not configured — system mail is refused",
  };
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Organization" subtitle="Name, sender defaults and the postal address printed in every campaign footer." />
      {p.saved ? <Alert kind="success">Saved.</Alert> : ""}
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <div class="grid max-w-3xl gap-5">
        <Card>
          <form method="post" action={`/o/${shell.org!.slug}/settings`} novalidate>
            <CsrfField token={shell.csrf} />
            <fieldset disabled={!p.canEdit}>
              <Field label="Organization name" name="name" value={p.name} error={errors.name} required />
              <Field label="Default sender name" name="defaultFromName" value={profile.defaultFromName} error={errors.defaultFromName} />
              <Field label="Postal address" name="physicalAddress" value={profile.physicalAddress} error={errors.physicalAddress} hint="Required by anti-spam laws in marketing mail footers." />
              <Field label="Time zone" name="timezone" value={profile.timezone} error={errors.timezone} hint="IANA name, e.g. Europe/Berlin." />
              {p.canEdit ? <Button>Save</Button> : <p class="text-sm text-slate-500">Only owners and admins can change these settings.</p>}
            </fieldset>
          </form>
        </Card>
        <Card title="System mail">
          <p class="text-sm">Transport: <Badge tone={p.mailKind === "none" ? "red" : "green"}><span safe>{mailText[p.mailKind] ?? p.mailKind}</span></Badge></p>
          <p class="mt-2 text-sm text-slate-500">Password resets, invitations and confirmations go through this transport. See <code>owlat config docs</code> for the SMTP settings.</p>
        </Card>
      </div>
    </AppLayout>
  );
}

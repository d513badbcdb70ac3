import type { Invitation, Member } from "../../src/domain/organizations/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Badge, Button, Card, CsrfField, Field, PageHeader, SelectField, formatTime } from "./ui";

export interface TeamView {
  members: Member[];
  invitations: Invitation[];
  canInvite: boolean;
  isOwner: boolean;
  myUserId: string;
  myRole: string;
  now: number;
  /** Shown once after an invitation when the mail could not be sent. */
  inviteLink?: string | null;
  mailError?: string | null;
}

function daysLeft(expiresAt: number, now: number) {
  const d = Math.max(0, Math.ceil((expiresAt - now) / 86400000));
  return `${d} day${d === 1 ? "" : "s"} left`;
}

function MemberRow(p: { shell: Shell; m: Member; view: TeamView }) {
  const { m, view, shell } = p;
  const base = `/o/${shell.org!.slug}/settings/team/members/${m.userId}`;
  const canRemove = m.userId !== view.myUserId && (view.isOwner || (view.myRole === "admin" && m.role === "editor"));
  return (
    <tr class="border-b border-slate-100" data-member={m.email}>
      <td class="py-2 pr-3"><div class="font-medium" safe>{m.name || m.email}</div>{m.name ? <div class="text-xs text-slate-500" safe>{m.email}</div> : ""}</td>
      <td class="py-2 pr-3"><Badge tone={m.role === "owner" ? "indigo" : "gray"}><span>{m.role}</span></Badge></td>
      <td class="py-2 text-right">
        <div class="flex flex-wrap justify-end gap-2">
          {view.isOwner && m.role !== "owner" ? (
            <form method="post" action={`${base}/role`} class="flex gap-1">
              <CsrfField token={shell.csrf} />
              <label class="sr-only" for={`role-${m.userId}`} safe>{`Role of ${m.email}`}</label>
              <select id={`role-${m.userId}`} name="role" class="rounded-md border border-slate-300 px-2 py-1 text-sm">
                <option value="admin" selected={m.role === "admin"}>Admin</option>
                <option value="editor" selected={m.role === "editor"}>Editor</option>
              </select>
              <Button variant="secondary">Change role</Button>
            </form>
          ) : ""}
          {view.isOwner && m.role !== "owner" ? (
            <form method="post" action={`${base}/transfer`} data-confirm={`Make ${m.email} the owner? You become an admin.`}>
              <CsrfField token={shell.csrf} />
              <Button variant="ghost">Transfer ownership</Button>
            </form>
          ) : ""}
          {canRemove ? (
            <form method="post" action={`${base}/remove`} data-confirm={`Remove ${m.email} from this organization?`}>
              <CsrfField token={shell.csrf} />
              <Button variant="danger">Remove</Button>
            </form>
          ) : ""}
        </div>
      </td>
    </tr>
  );
}

export function TeamPage(p: { shell: Shell; view: TeamView; errors: Record<string, string>; values: Record<string, string> }) {
  const { shell, view, errors } = p;
  const slug = shell.org!.slug;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Team" subtitle={`${view.members.length} member${view.members.length === 1 ? "" : "s"} · at most 50, pending invitations included`} />
      {view.inviteLink ? (
        <Alert kind={view.mailError ? "warning" : "success"}>
          {view.mailError ? <p class="mb-1" safe>{`The invitation email was not sent: ${view.mailError}`}</p> : <p class="mb-1">Invitation sent.</p>}
          <p>Share this link with the invitee (it works once, for 7 days): <code id="invite-link" class="break-all" safe>{view.inviteLink}</code></p>
        </Alert>
      ) : ""}
      {errors._form ? <Alert kind="error"><span safe>{errors._form}</span></Alert> : ""}
      <div class="grid gap-5 lg:grid-cols-3">
        <Card title="Members" class="lg:col-span-2">
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Member</th><th>Role</th><th class="text-right">Actions</th></tr></thead>
            <tbody>{view.members.map((m) => <MemberRow shell={shell} m={m} view={view} />)}</tbody>
          </table>
          <h3 class="mb-2 mt-6 text-sm font-semibold">Pending invitations</h3>
          {view.invitations.length === 0 ? <p class="text-sm text-slate-500">None.</p> : (
            <ul class="text-sm">
              {view.invitations.map((i) => (
                <li class="flex items-center justify-between border-b border-slate-100 py-2" data-invitation={i.email}>
                  <span><span safe>{i.email}</span> · <span>{i.role}</span> · <span class="text-slate-500" safe>{daysLeft(i.expiresAt, view.now)}</span></span>
                  {view.canInvite ? (
                    <span class="flex gap-2">
                      <form method="post" action={`/o/${slug}/settings/team/invitations/${i.id}/resend`}><CsrfField token={shell.csrf} /><Button variant="ghost">Resend</Button></form>
                      <form method="post" action={`/o/${slug}/settings/team/invitations/${i.id}/revoke`}><CsrfField token={shell.csrf} /><Button variant="ghost" aria-label={`Cancel the invitation of ${i.email}`}>✕</Button></form>
                    </span>
                  ) : ""}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {view.canInvite ? (
          <Card title="Invite a member">
            <form method="post" action={`/o/${slug}/settings/team/invite`} novalidate>
              <CsrfField token={shell.csrf} />
              <Field label="Email" name="email" type="email" value={p.values.email} error={errors.email} required />
              <SelectField label="Role" name="role" value={p.values.role || "editor"} error={errors.role} options={[{ value: "editor", label: "Editor — campaigns, test emails" }, { value: "admin", label: "Admin — everything but deleting the organization" }]} />
              <Button class="w-full">Send invitation</Button>
            </form>
            <p class="mt-3 text-xs text-slate-500">Invitations expire after 7 days. Last sent: {view.invitations.length ? <span safe>{formatTime(Math.max(...view.invitations.map((i) => i.lastSentAt)))}</span> : "—"}</p>
          </Card>
        ) : ""}
      </div>
    </AppLayout>
  );
}

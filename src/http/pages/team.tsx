import type { App } from "../../app/create-app";
import { hasPermission } from "../../domain/organizations/model";
import type { InviteResult } from "../../domain/organizations/service";
import { TeamPage, type TeamView } from "../../../web/views/team";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";
import type { TenantContext } from "../../domain/context";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };

/** Settings → Team: members, roles, invitations, ownership transfer. */
export function teamPages(t: TenantApp, app: App): void {
  const view = (ctx: Ctx, extra: Partial<TeamView> = {}): TeamView => ({
    members: app.orgs.members(ctx.tenant.org.id),
    invitations: app.orgs.invitations(ctx.tenant.org.id),
    canInvite: hasPermission(ctx.tenant.role, "organization:manage"),
    isOwner: ctx.tenant.role === "owner",
    myUserId: ctx.user!.id,
    myRole: ctx.tenant.role,
    now: app.clock.now(),
    ...extra,
  });
  const render = (ctx: Ctx, opts: { errors?: Record<string, string>; values?: Record<string, string>; extra?: Partial<TeamView> } = {}) =>
    <TeamPage shell={shellOf(ctx, "Team")} view={view(ctx, opts.extra)} errors={opts.errors ?? {}} values={opts.values ?? {}} />;
  const back = (ctx: Ctx) => `/o/${ctx.tenant.org.slug}/settings/team`;

  /** Runs a team action; on a user error, re-renders the page with the message. */
  const act = (ctx: Ctx, fn: () => void, done: string) => {
    try {
      fn();
    } catch (e) {
      ctx.set.status = 422;
      return render(ctx, { errors: formErrors(e) });
    }
    setFlash(ctx.cookie as never, { kind: "success", message: done });
    return seeOther(ctx.request, back(ctx));
  };

  const inviteOutcome = (ctx: Ctx, result: InviteResult) =>
    render(ctx, { extra: { inviteLink: result.link, mailError: result.mailError } });

  t.get("/settings/team", (ctx) => render(ctx));

  t.post("/settings/team/invite", async (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    try {
      return inviteOutcome(ctx, await app.orgs.invite(ctx.tenant, { email: body.email, role: body.role }));
    } catch (e) {
      ctx.set.status = 422;
      return render(ctx, { errors: formErrors(e), values: { email: str(body.email), role: str(body.role) } });
    }
  });

  t.post("/settings/team/invitations/:id/resend", async (ctx) => {
    try {
      return inviteOutcome(ctx, await app.orgs.resendInvitation(ctx.tenant, ctx.params.id));
    } catch (e) {
      ctx.set.status = 422;
      return render(ctx, { errors: formErrors(e) });
    }
  });

  t.post("/settings/team/invitations/:id/revoke", (ctx) => act(ctx, () => app.orgs.revokeInvitation(ctx.tenant, ctx.params.id), "Invitation cancelled."));
  t.post("/settings/team/members/:userId/role", (ctx) =>
    act(ctx, () => app.orgs.changeRole(ctx.tenant, ctx.params.userId, (ctx.body as Record<string, unknown>).role), "Role changed."));
  t.post("/settings/team/members/:userId/remove", (ctx) => act(ctx, () => app.orgs.removeMember(ctx.tenant, ctx.params.userId), "Member removed."));
  t.post("/settings/team/members/:userId/transfer", (ctx) => act(ctx, () => app.orgs.transferOwnership(ctx.tenant, ctx.params.userId), "Ownership transferred."));
}

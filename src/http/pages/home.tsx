import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { DashboardPage, NewOrganizationPage, NoOrganizationsPage } from "../../../web/views/dashboard";
import { FLAG_BY_KEY } from "../../domain/flags/registry";
import { setFlash, type Base } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

/** `/`: where a visitor belongs (setup, sign-in, last organization); organization creation. */
export function homePages(r: Base, app: App): void {
  r.get("/", (ctx) => {
    if (app.accounts.needsSetup()) return ctx.redirect("/setup", 303);
    if (ctx.pendingTwoFactor) return ctx.redirect("/login/two-factor", 303);
    if (!ctx.user) return ctx.redirect("/login", 303);
    const orgs = app.orgs.forUser(ctx.user.id);
    if (orgs.length === 0) return <NoOrganizationsPage shell={shellOf(ctx, "No organization")} />;
    const last = app.accounts.lastOrgId(ctx.user.id);
    return ctx.redirect(`/o/${(orgs.find((o) => o.id === last) ?? orgs[0]!).slug}`, 303);
  });

  const requireInstanceAdmin = (user: { isInstanceAdmin: boolean } | null) => {
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    if (!user.isInstanceAdmin) throw new AppError("FORBIDDEN", "Only instance administrators can create organizations.");
  };

  r.get("/orgs/new", (ctx) => {
    requireInstanceAdmin(ctx.user);
    return <NewOrganizationPage shell={shellOf(ctx, "New organization")} values={{}} errors={{}} />;
  });

  r.post("/orgs", (ctx) => {
    requireInstanceAdmin(ctx.user);
    const body = ctx.body as Record<string, unknown>;
    try {
      const org = app.orgs.create({ name: body.orgName, slug: body.slug }, ctx.user!.id, ctx.actor);
      setFlash(ctx.cookie as never, { kind: "success", message: `${org.name} created.` });
      return seeOther(ctx.request, `/o/${org.slug}`);
    } catch (e) {
      ctx.set.status = 422;
      return <NewOrganizationPage shell={shellOf(ctx, "New organization")} values={{ orgName: str(body.orgName), slug: str(body.slug) }} errors={formErrors(e)} />;
    }
  });
}

export function dashboardPages(t: TenantApp, app: App): void {
  t.get("/", (ctx) => {
    app.accounts.rememberOrg(ctx.user!.id, ctx.tenant.org.id);
    const disabled = str(ctx.query.disabled);
    const notice = disabled ? `The page you asked for belongs to "${FLAG_BY_KEY.get(disabled)?.label ?? disabled}", which is turned off. An admin can turn it on in Settings → Features.` : null;
    return (
      <DashboardPage
        shell={shellOf(ctx, "Dashboard", notice)}
        checklist={app.onboarding.checklist(ctx.tenant)}
        memberCount={app.orgs.members(ctx.tenant.org.id).length}
      />
    );
  });

  t.post("/onboarding/dismiss", (ctx) => {
    app.onboarding.dismiss(ctx.tenant);
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}`);
  });
}

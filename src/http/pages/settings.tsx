import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { OrgSettingsPage } from "../../../web/views/settings-org";
import type { TenantApp } from "../plugins/tenant";
import { hasPermission } from "../../domain/organizations/model";
import { formErrors } from "../respond";
import { shellOf } from "../shell";

/** Settings → Organization: name, sender defaults, postal address, time zone. */
export function orgSettingsPages(t: TenantApp, app: App): void {
  t.get("/settings", (ctx) => (
    <OrgSettingsPage
      shell={shellOf(ctx, "Organization")}
      name={ctx.tenant.org.name}
      profile={app.settings.profile(ctx.tenant)}
      canEdit={hasPermission(ctx.tenant.role, "settings:manage")}
      mailKind={app.mail.current.kind}
      errors={{}}
      saved={ctx.query.saved === "1"}
    />
  ));

  t.post("/settings", (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    let errors: Record<string, string> = {};
    let name = ctx.tenant.org.name;
    try {
      if (typeof body.name === "string" && body.name.trim() !== ctx.tenant.org.name) name = app.orgs.rename(ctx.tenant, body.name).name;
      app.settings.updateProfile(ctx.tenant, body);
    } catch (e) {
      errors = formErrors(e);
      ctx.set.status = 422;
    }
    if (Object.keys(errors).length === 0) return ctx.redirect(`/o/${ctx.tenant.org.slug}/settings?saved=1`, 303);
    const shell = shellOf({ ...ctx, tenant: { ...ctx.tenant, org: { ...ctx.tenant.org, name } } }, "Organization");
    return <OrgSettingsPage shell={shell} name={String(body.name ?? name)} profile={{ ...app.settings.profile(ctx.tenant), ...(body as object) } as never} canEdit mailKind={app.mail.current.kind} errors={errors} />;
  });
}

export function requireInstanceAdmin(user: { isInstanceAdmin: boolean } | null): void {
  if (!user?.isInstanceAdmin) throw new AppError("FORBIDDEN", "Only instance administrators can see this page.");
}

import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import type { TenantContext } from "../../domain/context";
import type { Base } from "../base";
import { featureForPath } from "../nav";

/**
 * Routes under /o/:slug: the organization is resolved once per request — membership checked
 * (404 for strangers, so org names do not leak), the path's feature flag enforced, the
 * organization's own database opened — and handed to handlers as `tenant`.
 */
export function withTenant(g: Base, app: App) {
  return g.resolve(({ params, user, actor, path }) => {
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const slug = (params as Record<string, string | undefined>).slug ?? "";
    const membership = app.orgs.membership(user.id, slug);
    if (!membership) throw new AppError("NOT_FOUND", "No such organization, or you are not a member of it.");
    const flag = featureForPath(path.slice(`/o/${slug}`.length));
    if (flag && !app.flags.isEnabled(membership.org.id, flag)) {
      throw new AppError("FEATURE_DISABLED", `The feature "${flag}" is turned off for this organization.`, { flag, orgSlug: slug });
    }
    const tenant: TenantContext = { org: membership.org, role: membership.role, actor, db: app.tenants.get(membership.org.id) };
    return { tenant };
  });
}

export type TenantApp = ReturnType<typeof withTenant>;

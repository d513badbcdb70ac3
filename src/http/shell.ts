import type { App } from "../app/create-app";
import type { User } from "../domain/accounts/model";
import type { Role } from "../domain/organizations/model";
import type { Organization } from "../domain/organizations/model";
import type { NavItem, Shell } from "../../web/views/shell";
import type { Flash } from "./base";
import { assetUrls } from "./assets";
import { navFor } from "./nav";

export interface ShellContext {
  app: App;
  user: User | null;
  csrfToken: string;
  flash: Flash | null;
  path: string;
  tenant?: { org: Organization; role: Role } | null;
}

/** The page frame for this request: user, organization, flag-driven navigation, CSRF token, flash. */
export function buildShell(ctx: ShellContext, title: string, notice?: string | null): Shell {
  const org = ctx.tenant?.org ?? null;
  let nav: NavItem[] = [];
  let orgs: Shell["orgs"] = [];
  if (ctx.user && org && ctx.tenant) {
    orgs = ctx.app.orgs.forUser(ctx.user.id).map((o) => ({ slug: o.slug, name: o.name }));
    nav = navFor({ slug: org.slug, role: ctx.tenant.role, flags: ctx.app.flags.resolved(org.id), isInstanceAdmin: ctx.user.isInstanceAdmin, path: ctx.path });
  }
  return {
    title,
    csrf: ctx.csrfToken,
    assets: assetUrls,
    user: ctx.user ? { email: ctx.user.email, name: ctx.user.name, isInstanceAdmin: ctx.user.isInstanceAdmin } : null,
    org: org ? { slug: org.slug, name: org.name } : null,
    role: ctx.tenant?.role ?? null,
    orgs,
    nav,
    flash: ctx.flash,
    dev: ctx.app.config.dev,
    notice: notice ?? null,
  };
}

/** Shorthand for handlers: the fields of the request context the frame needs. */
export function shellOf(
  ctx: { app: App; user: User | null; csrfToken: string; flash: Flash | null; path: string; tenant?: { org: Organization; role: Role } | null },
  title: string,
  notice?: string | null,
): Shell {
  return buildShell(ctx, title, notice);
}

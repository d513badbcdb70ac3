import type { TenantDb } from "../db/tenants";
import { AppError } from "../lib/errors";
import type { Actor } from "./accounts/model";
import { hasPermission, type Organization, type Permission, type Role } from "./organizations/model";

/**
 * What every tenant use case receives: the organization resolved once per request, the caller's
 * role in it, who acts (for the audit log), and that organization's own database.
 */
export interface TenantContext {
  org: Organization;
  role: Role;
  actor: Actor;
  db: TenantDb;
}

export function requirePermission(ctx: { role: Role }, permission: Permission): void {
  if (!hasPermission(ctx.role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${ctx.role}) does not allow this (needs ${permission}).`, { permission });
  }
}

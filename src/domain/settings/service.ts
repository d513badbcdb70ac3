import type { SystemDb } from "../../db/system";
import type { Clock } from "../../lib/time";
import type { AuditService } from "../audit/service";
import { requirePermission, type TenantContext } from "../context";
import { DEFAULT_PROFILE, checkProfile, type OrgProfile } from "./model";
import * as q from "./queries";

export function createSettingsService(db: SystemDb, clock: Clock, audit: AuditService) {
  return {
    instance: <T>(key: string): T | undefined => q.getInstanceSetting(db, key) as T | undefined,
    setInstance: (key: string, value: unknown) => void q.putInstanceSetting(db, key, value, clock.now()),

    orgValue: <T>(ctx: Pick<TenantContext, "db">, key: string): T | undefined => q.getOrgSetting(ctx.db, key) as T | undefined,
    setOrgValue: (ctx: Pick<TenantContext, "db">, key: string, value: unknown) => void q.putOrgSetting(ctx.db, key, value, clock.now()),

    profile(ctx: Pick<TenantContext, "db">): OrgProfile {
      return { ...DEFAULT_PROFILE, ...((q.getOrgSetting(ctx.db, "profile") as Partial<OrgProfile> | undefined) ?? {}) };
    },

    updateProfile(ctx: TenantContext, input: Record<string, unknown>): OrgProfile {
      requirePermission(ctx, "settings:manage");
      const before = this.profile(ctx);
      const next = checkProfile(input);
      q.putOrgSetting(ctx.db, "profile", next, clock.now());
      const changed = (Object.keys(next) as (keyof OrgProfile)[]).filter((k) => next[k] !== before[k]);
      if (changed.length) {
        audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "settings.updated", resource: "settings", resourceId: "profile", details: { changed: changed.join(", ") } });
      }
      return next;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

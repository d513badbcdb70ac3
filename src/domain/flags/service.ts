import type { SystemDb } from "../../db/system";
import type { Clock } from "../../lib/time";
import { AppError } from "../../lib/errors";
import type { Actor } from "../accounts/model";
import type { AuditService } from "../audit/service";
import { FLAG_BY_KEY, OPERATING_MODES, PACKS } from "./registry";
import { applyPack, applyToggle, presetFlags, resolveFlags, type FlagValues, type ToggleResult } from "./resolve";
import { INSTANCE_SCOPE, dataVersion, storedFlags, storeFlags } from "./queries";

/** A change asked for on the Features page or the CLI: one flag, a pack, or an operating-mode preset. */
export type FlagChange =
  | { kind: "flag"; key: string; enabled: boolean }
  | { kind: "pack"; pack: string; enabled: boolean }
  | { kind: "mode"; mode: string };

export interface FlagsService {
  /** Resolved flags for an organization (defaults < instance < organization), or the instance when orgId is null. */
  resolved(orgId: string | null): FlagValues;
  isEnabled(orgId: string | null, key: string): boolean;
  assertEnabled(orgId: string | null, key: string): void;
  /** What turning a flag on/off would change, without applying it. */
  preview(orgId: string | null, key: string, enabled: boolean): ToggleResult;
  set(orgId: string | null, key: string, enabled: boolean, actor: Actor): ToggleResult;
  /** Every flag a change would turn on or off. */
  previewChange(orgId: string | null, change: FlagChange): { key: string; enabled: boolean }[];
  applyChange(orgId: string | null, change: FlagChange, actor: Actor): { key: string; enabled: boolean }[];
}

export function createFlagsService(db: SystemDb, clock: Clock, audit: AuditService): FlagsService {
  const cache = new Map<string, FlagValues>();
  let seenVersion = -1;

  const resolved = (orgId: string | null): FlagValues => {
    const version = dataVersion(db);
    if (version !== seenVersion) {
      cache.clear();
      seenVersion = version;
    }
    const scope = orgId ?? INSTANCE_SCOPE;
    let values = cache.get(scope);
    if (!values) {
      const stored = { ...storedFlags(db, INSTANCE_SCOPE), ...(orgId ? storedFlags(db, orgId) : {}) };
      values = resolveFlags(stored);
      cache.set(scope, values);
    }
    return values;
  };

  const checkKey = (key: string) => {
    if (!FLAG_BY_KEY.has(key)) throw new AppError("INVALID_INPUT", `Unknown feature flag "${key}".`, { field: "flag" });
  };

  return {
    resolved,
    isEnabled: (orgId, key) => resolved(orgId)[key] === true,
    assertEnabled(orgId, key) {
      if (resolved(orgId)[key] !== true) throw new AppError("FEATURE_DISABLED", `The feature "${key}" is disabled.`, { flag: key });
    },
    preview(orgId, key, enabled) {
      checkKey(key);
      return applyToggle(resolved(orgId), key, enabled);
    },
    set(orgId, key, enabled, actor) {
      checkKey(key);
      const result = applyToggle(resolved(orgId), key, enabled);
      const changes = [{ key, enabled: result.values[key]! }, ...result.cascaded];
      if (enabled && !result.values[key]) {
        const def = FLAG_BY_KEY.get(key)!;
        const needs = def.requiresAny.map((g) => g.join(" or ")).join("; ");
        throw new AppError("INVALID_STATE", `"${key}" needs one of: ${needs}. Turn one of them on first.`, { flag: key });
      }
      storeFlags(db, orgId ?? INSTANCE_SCOPE, changes, clock.now());
      cache.clear();
      audit.record({
        orgId,
        actor,
        action: "settings.updated",
        resource: orgId ? "settings" : "instance_settings",
        resourceId: key,
        details: { setting: "feature_flag", flag: key, enabled, cascaded: result.cascaded.map((c) => `${c.key}=${c.enabled ? "on" : "off"}`).join(", ") },
      });
      return result;
    },
    previewChange(orgId, change) {
      const current = resolved(orgId);
      const next = nextValues(current, change);
      return Object.keys(next).filter((k) => next[k] !== current[k]).map((k) => ({ key: k, enabled: next[k]! }));
    },
    applyChange(orgId, change, actor) {
      if (change.kind === "flag") {
        const r = this.set(orgId, change.key, change.enabled, actor);
        return [{ key: change.key, enabled: r.values[change.key]! }, ...r.cascaded];
      }
      const changes = this.previewChange(orgId, change);
      if (changes.length) storeFlags(db, orgId ?? INSTANCE_SCOPE, changes, clock.now());
      cache.clear();
      audit.record({
        orgId, actor, action: "settings.updated", resource: orgId ? "settings" : "instance_settings",
        resourceId: change.kind === "pack" ? `pack:${change.pack}` : `mode:${change.mode}`,
        details: { setting: change.kind === "pack" ? "feature_pack" : "operating_mode", ...(change.kind === "pack" ? { enabled: change.enabled } : {}), changed: changes.map((c) => `${c.key}=${c.enabled ? "on" : "off"}`).join(", ") },
      });
      return changes;
    },
  };
}

function nextValues(current: FlagValues, change: FlagChange): FlagValues {
  switch (change.kind) {
    case "flag":
      if (!FLAG_BY_KEY.has(change.key)) throw new AppError("INVALID_INPUT", `Unknown feature flag "${change.key}".`, { field: "flag" });
      return applyToggle(current, change.key, change.enabled).values;
    case "pack":
      if (!PACKS[change.pack]) throw new AppError("INVALID_INPUT", `Unknown pack "${change.pack}". Packs: ${Object.keys(PACKS).join(", ")}.`, { field: "pack" });
      return applyPack(current, change.pack, change.enabled).values;
    case "mode": {
      const values = presetFlags(change.mode);
      if (!values) throw new AppError("INVALID_INPUT", `Unknown operating mode "${change.mode}". Modes: ${OPERATING_MODES.map((m) => m.key).join(", ")}.`, { field: "mode" });
      return values;
    }
  }
}

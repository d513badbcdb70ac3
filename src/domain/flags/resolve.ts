import { FLAGS, FLAG_BY_KEY, OPERATING_MODES, PACKS } from "./registry";

export type FlagValues = Record<string, boolean>;

export function defaultFlags(): FlagValues {
  return Object.fromEntries(FLAGS.map((f) => [f.key, f.default]));
}

/**
 * Stored values over defaults, then dependencies applied until nothing changes: a flag whose
 * `requires` or every member of a `requiresAny` group is off is forced off.
 */
export function resolveFlags(stored: FlagValues): FlagValues {
  const out = defaultFlags();
  for (const [k, v] of Object.entries(stored)) if (FLAG_BY_KEY.has(k)) out[k] = v;
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const f of FLAGS) {
      if (!out[f.key]) continue;
      const missing = f.requires.some((r) => !out[r]) || f.requiresAny.some((group) => !group.some((g) => out[g]));
      if (missing) {
        out[f.key] = false;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

export interface ToggleResult {
  values: FlagValues;
  /** Flags other than the toggled one whose resolved value changed. */
  cascaded: { key: string; enabled: boolean }[];
}

function dependantsOf(key: string): string[] {
  return FLAGS.filter((f) => f.requires.includes(key)).map((f) => f.key);
}

/**
 * Turn one flag on or off against the current resolved values. On: its `requires` go on too,
 * recursively (never `requiresAny` members). Off: dependants, `cascadesOff`, and flags that just
 * lost the last "on" member of an any-of group go off.
 */
export function applyToggle(current: FlagValues, key: string, enabled: boolean): ToggleResult {
  const values = { ...current };
  const turnOn = (k: string) => {
    if (values[k]) return;
    values[k] = true;
    for (const r of FLAG_BY_KEY.get(k)?.requires ?? []) turnOn(r);
  };
  const turnOff = (k: string) => {
    if (!values[k] && k !== key) return;
    values[k] = false;
    for (const d of dependantsOf(k)) if (values[d]) turnOff(d);
    for (const c of FLAG_BY_KEY.get(k)?.cascadesOff ?? []) if (values[c]) turnOff(c);
    for (const f of FLAGS) {
      if (!values[f.key]) continue;
      if (f.requiresAny.some((g) => g.includes(k) && !g.some((m) => values[m]))) turnOff(f.key);
    }
  };
  if (enabled) turnOn(key);
  else turnOff(key);
  const resolved = resolveFlags(values);
  const cascaded = Object.keys(resolved)
    .filter((k) => k !== key && resolved[k] !== current[k])
    .map((k) => ({ key: k, enabled: resolved[k]! }));
  return { values: resolved, cascaded };
}

export function packState(values: FlagValues, pack: string): "on" | "off" | "partial" {
  const members = PACKS[pack] ?? [];
  const on = members.filter((m) => values[m]).length;
  return on === 0 ? "off" : on === members.length ? "on" : "partial";
}

export function applyPack(current: FlagValues, pack: string, enabled: boolean): ToggleResult {
  let values = { ...current };
  for (const m of PACKS[pack] ?? []) values = applyToggle(values, m, enabled).values;
  const cascaded = Object.keys(values)
    .filter((k) => values[k] !== current[k])
    .map((k) => ({ key: k, enabled: values[k]! }));
  return { values, cascaded };
}

/** A preset is defaults + its overrides, then the normal resolution. */
export function presetFlags(mode: string): FlagValues | null {
  const preset = OPERATING_MODES.find((m) => m.key === mode);
  if (!preset) return null;
  const values = defaultFlags();
  for (const k of preset.off) values[k] = false;
  for (const k of preset.on) values[k] = true;
  return resolveFlags(values);
}

import type { ShapingProfile } from "../types.ts";

/**
 * Default shaping table, matched by MX hostname suffix (Workspace domains share Gmail's bucket).
 * Rates are messages per minute per egress IP; 0 means unlimited (rate or messages/connection).
 */
export const DEFAULT_SHAPING: ShapingProfile[] = [
  {
    name: "gmail",
    mxSuffixes: ["google.com", "googlemail.com"],
    maxConnections: 5,
    messagesPerConnection: 50,
    rate: { initial: 100, floor: 5, ceiling: 300 },
    backoff: 0.5,
    recovery: 1.1,
    recoverAfter: 20,
    tls: "required",
    rules: [
      { pattern: "4\\.7\\.28|unusual rate", action: "suspend", minutes: 30 },
      { pattern: "4\\.7\\.23|4\\.7\\.25", action: "suspend", minutes: 60 },
      { pattern: "Our system has detected that this message", action: "throttle", minutes: 60, ratePerMinute: 10 },
    ],
  },
  {
    name: "microsoft",
    mxSuffixes: ["protection.outlook.com", "mx.microsoft", "hotmail.com", "outlook.com"],
    maxConnections: 5,
    messagesPerConnection: 50,
    rate: { initial: 80, floor: 5, ceiling: 200 },
    backoff: 0.5,
    recovery: 1.1,
    recoverAfter: 20,
    tls: "opportunistic",
    rules: [
      { pattern: "exceeded the maximum number of connections", action: "throttle", minutes: 60, ratePerMinute: 20 },
      { pattern: "4\\.3\\.2|server busy", action: "throttle", minutes: 15, ratePerMinute: 1 },
      { pattern: "S3150|S3140|blocked using|block list", action: "suspend", minutes: 120 },
    ],
  },
  {
    name: "yahoo",
    mxSuffixes: ["yahoodns.net"],
    maxConnections: 5,
    messagesPerConnection: 20,
    rate: { initial: 50, floor: 3, ceiling: 150 },
    backoff: 0.4,
    recovery: 1.05,
    recoverAfter: 20,
    tls: "opportunistic",
    rules: [
      { pattern: "TSS?04", action: "suspend", minutes: 120 },
      { pattern: "TS03", action: "suspend", minutes: 30 },
      { pattern: "TS02", action: "throttle", minutes: 30, ratePerMinute: 1 },
    ],
  },
  {
    name: "apple",
    mxSuffixes: ["icloud.com", "me.com"],
    maxConnections: 10,
    messagesPerConnection: 5,
    rate: { initial: 60, floor: 5, ceiling: 150 },
    backoff: 0.5,
    recovery: 1.1,
    recoverAfter: 20,
    tls: "opportunistic",
    rules: [],
  },
  {
    name: "other",
    mxSuffixes: [],
    maxConnections: 10,
    messagesPerConnection: 100,
    rate: { initial: 300, floor: 10, ceiling: 1200 },
    backoff: 0.5,
    recovery: 1.1,
    recoverAfter: 20,
    tls: "opportunistic",
    rules: [
      { pattern: "temporarily deferred|rate limited due to IP reputation|server busy", action: "throttle", minutes: 90, ratePerMinute: 1 },
    ],
  },
];

/** A lab profile with no limits (benchmarks, smarthost tests). */
export function unlimitedProfile(name = "other", maxConnections = 32): ShapingProfile {
  return { name, mxSuffixes: [], maxConnections, messagesPerConnection: 0, rate: { initial: 0, floor: 0, ceiling: 0 }, backoff: 0.5, recovery: 1.1, recoverAfter: 20, tls: "opportunistic", rules: [] };
}

/** Validate one profile; returns an error naming the field, or null. */
export function validateProfile(p: ShapingProfile): string | null {
  const f = (field: string, msg: string) => `shaping.${p?.name ?? "?"}.${field} ${msg}`;
  if (!p || typeof p.name !== "string" || !/^[a-z0-9_-]{1,40}$/.test(p.name)) return "shaping.name must be 1-40 of [a-z0-9_-]";
  if (!Array.isArray(p.mxSuffixes) || p.mxSuffixes.some((s) => typeof s !== "string" || !s)) return f("mxSuffixes", "must be a list of host suffixes");
  if (!Number.isInteger(p.maxConnections) || p.maxConnections < 1 || p.maxConnections > 1000) return f("maxConnections", "must be an integer 1-1000");
  if (!Number.isInteger(p.messagesPerConnection) || p.messagesPerConnection < 0) return f("messagesPerConnection", "must be an integer >= 0 (0 = unlimited)");
  const r = p.rate;
  if (!r || ![r.initial, r.floor, r.ceiling].every((x) => Number.isFinite(x) && x >= 0)) return f("rate", "needs initial, floor, ceiling >= 0 (0 = unlimited)");
  if (r.initial > 0 && (r.floor > r.initial || r.initial > r.ceiling)) return f("rate", "must satisfy floor <= initial <= ceiling");
  if (!(p.backoff > 0 && p.backoff < 1)) return f("backoff", "must be in (0, 1)");
  if (!(p.recovery > 1 && p.recovery <= 10)) return f("recovery", "must be in (1, 10]");
  if (!Number.isInteger(p.recoverAfter) || p.recoverAfter < 1) return f("recoverAfter", "must be an integer >= 1");
  if (p.tls !== "opportunistic" && p.tls !== "required") return f("tls", 'must be "opportunistic" or "required"');
  if (!Array.isArray(p.rules)) return f("rules", "must be a list");
  for (const [i, rule] of p.rules.entries()) {
    try {
      new RegExp(rule.pattern, "i");
    } catch {
      return f(`rules[${i}].pattern`, "is not a valid regular expression");
    }
    if (rule.action !== "suspend" && rule.action !== "throttle") return f(`rules[${i}].action`, 'must be "suspend" or "throttle"');
    if (!(rule.minutes > 0)) return f(`rules[${i}].minutes`, "must be > 0");
    if (rule.action === "throttle" && !(Number(rule.ratePerMinute) > 0)) return f(`rules[${i}].ratePerMinute`, "must be > 0 for throttle");
  }
  return null;
}

/** The profile for a set of MX host names: the first profile whose suffix matches every host. */
export function profileFor(table: ShapingProfile[], mxHosts: string[]): ShapingProfile {
  const fallback = table.find((p) => p.name === "other") ?? table[table.length - 1]!;
  for (const p of table) {
    if (!p.mxSuffixes.length) continue;
    const matches = (h: string) => p.mxSuffixes.some((s) => h === s || h.endsWith("." + s));
    if (mxHosts.length && mxHosts.every(matches)) return p;
  }
  return fallback;
}

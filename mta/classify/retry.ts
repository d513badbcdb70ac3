import type { RetryTable } from "../types.ts";

const m = 60_000;
const h = 60 * m;

/** Delays by retry class (the last one repeats), ±jitter, capped. Editable data. */
export const DEFAULT_RETRY: RetryTable = {
  jitter: 0.15,
  capMs: 4 * h,
  classes: {
    greylist: { delays: [2 * m, 5 * m, 15 * m, 30 * m, h] },
    rate_limited: { delays: [15 * m, 30 * m, h, 2 * h] },
    throttled: { delays: [30 * m, h, 2 * h] },
    mailbox_full: { delays: [h, 2 * h, 4 * h] },
    too_many_recipients: { delays: [m, 5 * m, 15 * m] },
    connection: { delays: [m, 5 * m, 15 * m, 30 * m, h, 2 * h] },
    tls_unavailable: { delays: [15 * m, 30 * m, h, 2 * h] },
    dns: { delays: [m, 5 * m, 15 * m, 30 * m, h] },
    temp_other: { delays: [5 * m, 15 * m, 30 * m, h, 2 * h, 4 * h] },
    dkim_key: { delays: [10 * m, 30 * m, h] },
    compose: { delays: [m, 5 * m, 15 * m, h] },
    auth: { delays: [5 * m, 15 * m, 30 * m, h] },
  },
};

/** Delay before the next attempt (attempt = the number of the attempt that just failed, from 1). */
export function retryDelay(table: RetryTable, cls: string, attempt: number, random: () => number, hintMs?: number): number {
  const rule = table.classes[cls] ?? table.classes.temp_other ?? { delays: [15 * m] };
  const base = hintMs !== undefined && attempt <= 1 ? Math.max(30_000, hintMs) : rule.delays[Math.min(Math.max(attempt, 1) - 1, rule.delays.length - 1)]!;
  const jittered = base * (1 - table.jitter + 2 * table.jitter * random());
  return Math.round(Math.min(jittered, table.capMs));
}

export function validateRetryTable(t: RetryTable): string | null {
  if (!(t.jitter >= 0 && t.jitter < 1)) return "retry.jitter must be in [0, 1)";
  if (!(t.capMs > 0)) return "retry.capMs must be positive";
  for (const [cls, rule] of Object.entries(t.classes)) {
    if (!Array.isArray(rule.delays) || rule.delays.length === 0 || rule.delays.some((d) => !(d >= 0))) return `retry.classes.${cls}.delays must be a non-empty list of non-negative ms`;
  }
  return null;
}

/** In-memory token buckets keyed by an arbitrary string (IP, account, token). */
export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
  limit: number;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; updated: number }>();

  /** capacity tokens, refilled at capacity per windowMs. */
  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    private now: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): RateLimitResult {
    const t = this.now();
    const rate = this.capacity / this.windowMs;
    const b = this.buckets.get(key) ?? { tokens: this.capacity, updated: t };
    b.tokens = Math.min(this.capacity, b.tokens + (t - b.updated) * rate);
    b.updated = t;
    const allowed = b.tokens >= cost;
    if (allowed) b.tokens -= cost;
    this.buckets.set(key, b);
    if (this.buckets.size > 50_000) this.prune(t);
    return {
      allowed,
      limit: this.capacity,
      remaining: Math.floor(b.tokens),
      retryAfterMs: allowed ? 0 : Math.ceil((cost - b.tokens) / rate),
    };
  }

  /** Whether a take of `cost` would pass now, without consuming anything. */
  check(key: string, cost = 1): RateLimitResult {
    const t = this.now();
    const b = this.buckets.get(key);
    const rate = this.capacity / this.windowMs;
    const tokens = b ? Math.min(this.capacity, b.tokens + (t - b.updated) * rate) : this.capacity;
    const allowed = tokens >= cost;
    return { allowed, limit: this.capacity, remaining: Math.floor(tokens), retryAfterMs: allowed ? 0 : Math.ceil((cost - tokens) / rate) };
  }

  reset(key: string): void {
    this.buckets.delete(key);
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.updated > this.windowMs) this.buckets.delete(k);
  }
}

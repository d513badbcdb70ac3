import type { ResponseRule, ShapingProfile, SmtpReply } from "../types.ts";

export type Admission = { ok: true; waitMs: number } | { ok: false; retryAt: number; why: string };

/** Retry classes that say "you are sending too fast" (not greylisting or a full mailbox, §9.6). */
const SLOWDOWN = new Set(["rate_limited", "throttled", "temp_other"]);

/**
 * Per-lane rate: a reservation token bucket at the current rate (messages/minute), adaptive
 * slow-down on 4xx and recovery after a streak of successes, response-pattern rules that
 * suspend or throttle the lane for a while. Rate 0 = unlimited.
 */
export class Throttle {
  rate: number;
  /** Starts full: a fresh lane may send one burst (rate/12, i.e. 5 s worth) at once. */
  private tokens = Infinity;
  private last: number;
  private streak = 0;
  suspendedUntil = 0;
  suspendReason = "";
  private override: { rate: number; until: number } | null = null;
  private compiled: { rule: ResponseRule; re: RegExp }[] = [];

  constructor(
    private profile: ShapingProfile,
    private readonly now: () => number,
  ) {
    this.rate = profile.rate.initial;
    this.last = now();
    this.compile();
  }

  setProfile(p: ShapingProfile): void {
    this.profile = p;
    if (p.rate.initial === 0) this.rate = 0;
    else if (this.rate === 0 || this.rate < p.rate.floor || this.rate > p.rate.ceiling) this.rate = p.rate.initial;
    this.compile();
  }

  private compile(): void {
    this.compiled = this.profile.rules.map((rule) => ({ rule, re: new RegExp(rule.pattern, "i") }));
  }

  effectiveRate(): number {
    const t = this.now();
    if (this.override && this.override.until > t) return this.rate === 0 ? this.override.rate : Math.min(this.rate, this.override.rate);
    this.override = null;
    return this.rate;
  }

  /** Reserve one send; waits up to maxWaitMs, beyond that the caller defers the message. */
  admit(maxWaitMs: number): Admission {
    const t = this.now();
    if (this.suspendedUntil > t) return { ok: false, retryAt: this.suspendedUntil, why: `suspended: ${this.suspendReason}` };
    const rate = this.effectiveRate();
    if (rate <= 0) return { ok: true, waitMs: 0 };
    const perMs = rate / 60_000;
    const burst = Math.max(1, rate / 12);
    this.tokens = Math.min(burst, this.tokens + (t - this.last) * perMs);
    this.last = t;
    const waitMs = this.tokens >= 1 ? 0 : (1 - this.tokens) / perMs;
    if (waitMs > maxWaitMs) return { ok: false, retryAt: t + waitMs, why: `rate ${rate.toFixed(1)}/min` };
    this.tokens -= 1;
    return { ok: true, waitMs };
  }

  /** Nothing learned worth keeping (initial rate, no suspension or override). */
  isPristine(): boolean {
    return this.rate === this.profile.rate.initial && this.suspendedUntil < this.now() && !this.override;
  }

  onDelivered(): void {
    if (this.rate === 0) return;
    if (++this.streak >= this.profile.recoverAfter) {
      this.streak = 0;
      this.rate = Math.min(this.profile.rate.ceiling, this.rate * this.profile.recovery);
    }
  }

  /** A temporary failure; returns the rule that fired, if any. */
  onTemporary(retryClass: string, reply: SmtpReply | null): ResponseRule | null {
    this.streak = 0;
    if (this.rate > 0 && SLOWDOWN.has(retryClass)) this.rate = Math.max(this.profile.rate.floor, this.rate * this.profile.backoff);
    return this.applyRules(reply);
  }

  onPermanent(reply: SmtpReply | null): ResponseRule | null {
    this.streak = 0;
    return this.applyRules(reply);
  }

  private applyRules(reply: SmtpReply | null): ResponseRule | null {
    if (!reply) return null;
    const text = `${reply.code ?? ""} ${reply.enhanced ?? ""} ${reply.text}`;
    for (const { rule, re } of this.compiled) {
      if (!re.test(text)) continue;
      const until = this.now() + rule.minutes * 60_000;
      if (rule.action === "suspend") {
        this.suspendedUntil = Math.max(this.suspendedUntil, until);
        this.suspendReason = `${rule.pattern} (${text.slice(0, 80)})`;
      } else {
        this.override = { rate: rule.ratePerMinute!, until };
      }
      return rule;
    }
    return null;
  }
}

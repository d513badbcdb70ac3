import { InvalidChangeError } from "../errors.ts";
import type { EgressIp, IpStatus, PoolName, WarmingPolicy } from "../types.ts";

/** Daily caps by warm-up day (index 0 = day 1). Data, editable through options. */
export const DEFAULT_WARMING: WarmingPolicy = {
  schedule: [50, 100, 200, 200, 700, 700, 1500, 1500, 1500, 3000, 3000, 3000, 3000, 7500, 7500, 7500, 7500, 15000, 15000, 15000, 20000, 20000, 20000, 20000, 30000, 30000, 30000, 30000, 30000],
  graduateAfterDay: 30,
  transactionalReserve: 0.2,
  haltBounceRate: 0.08,
  haltDeferralRate: 0.25,
  slowBounceRate: 0.03,
  slowDeferralRate: 0.1,
  fastBounceRate: 0.01,
  fastDeferralRate: 0.05,
};

interface Counters {
  sent: number;
  bounced: number;
  deferred: number;
}

export interface IpState {
  ip: string;
  pools: PoolName[];
  ehlo: string;
  phase: "warming" | "hold" | "graduated";
  day: number;
  date: string;
  today: Counters;
  campaignToday: number;
  byProvider: Record<string, Counters>;
  multipliers: Record<string, number>;
  cleanDays: Record<string, number>;
}

export type Choice = { ip: string | null; ehlo: string } | { deferUntil: number; why: string };

const DAY = 86_400_000;
export const utcDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const zero = (): Counters => ({ sent: 0, bounced: 0, deferred: 0 });

/**
 * Egress IPs by pool with warming: per-IP daily cap by warm-up day, per-provider multipliers,
 * a reserve kept for transactional mail, intraday pacing of campaign mail, and a daily
 * advance / hold / back-off decided on the previous full UTC day.
 */
export class Egress {
  private ips: IpState[] = [];
  private rr = 0;
  dirty = false;

  constructor(
    private readonly policy: WarmingPolicy,
    private readonly defaultEhlo: string,
    private readonly now: () => number,
  ) {}

  load(configured: EgressIp[], saved: IpState[] | null): void {
    const byIp = new Map((saved ?? []).map((s) => [s.ip, s]));
    for (const c of configured) {
      const s = byIp.get(c.ip);
      if (s) Object.assign(s, { pools: c.pools, ehlo: c.ehlo ?? s.ehlo });
      else byIp.set(c.ip, this.fresh(c));
    }
    this.ips = [...byIp.values()];
  }

  private fresh(c: EgressIp): IpState {
    return { ip: c.ip, pools: [...c.pools], ehlo: c.ehlo ?? this.defaultEhlo, phase: c.warmup ? "warming" : "graduated", day: 1, date: utcDate(this.now()), today: zero(), campaignToday: 0, byProvider: {}, multipliers: {}, cleanDays: {} };
  }

  get configured(): boolean {
    return this.ips.length > 0;
  }

  snapshot(): IpState[] {
    return this.ips;
  }

  add(c: EgressIp): IpStatus {
    if (this.ips.some((s) => s.ip === c.ip)) throw new InvalidChangeError(`ip ${c.ip} is already configured`);
    const s = this.fresh(c);
    this.ips.push(s);
    this.dirty = true;
    return this.status(s);
  }

  /** Operator control: restart warming at a day, hold it, or graduate the IP. */
  warmup(ip: string, change: { day?: number; phase?: IpState["phase"] }): IpStatus {
    const s = this.ips.find((x) => x.ip === ip);
    if (!s) throw new InvalidChangeError(`ip ${ip} is not configured`);
    if (change.day !== undefined) {
      if (!Number.isInteger(change.day) || change.day < 1) throw new InvalidChangeError("warmup.day must be an integer >= 1");
      s.day = change.day;
      if (!change.phase) s.phase = "warming";
    }
    if (change.phase) s.phase = change.phase;
    this.dirty = true;
    return this.status(s);
  }

  capOf(s: IpState): number | null {
    if (s.phase === "graduated") return null;
    const sched = this.policy.schedule;
    return sched[Math.min(s.day, sched.length) - 1]!;
  }

  status(s: IpState): IpStatus {
    return { ip: s.ip, pools: s.pools, ehlo: s.ehlo, phase: s.phase, day: s.day, dailyCap: this.capOf(s), sentToday: s.today.sent, providerMultipliers: { ...s.multipliers } };
  }

  list(): IpStatus[] {
    this.rollover();
    return this.ips.map((s) => this.status(s));
  }

  /** Pick an IP of the pool with room for one more message to this provider. */
  choose(pool: PoolName, provider: string): Choice {
    if (!this.ips.length) return { ip: null, ehlo: this.defaultEhlo };
    this.rollover();
    const members = this.ips.filter((s) => s.pools.includes(pool));
    if (!members.length) return { deferUntil: this.now() + 3_600_000, why: `no egress IP in pool ${pool}` };
    let earliest = Infinity;
    for (let i = 0; i < members.length; i++) {
      const s = members[(this.rr + i) % members.length]!;
      const wait = this.roomFor(s, pool, provider);
      if (wait === 0) {
        this.rr = (this.rr + i + 1) % members.length;
        this.take(s, pool, provider);
        return { ip: s.ip, ehlo: s.ehlo };
      }
      earliest = Math.min(earliest, wait);
    }
    return { deferUntil: this.now() + earliest, why: `warming caps of pool ${pool} reached` };
  }

  /** 0 when there is room now, else ms to wait. */
  private roomFor(s: IpState, pool: PoolName, provider: string): number {
    const cap = this.capOf(s);
    if (cap === null) return 0;
    const t = this.now();
    const toMidnight = Math.min(3_600_000, Math.max(60_000, DAY - (t % DAY)));
    if (s.today.sent >= cap) return toMidnight;
    const m = s.multipliers[provider] ?? 1;
    const providerCap = Math.max(1, Math.floor(cap * m));
    if ((s.byProvider[provider]?.sent ?? 0) >= providerCap) return toMidnight;
    if (pool === "campaign") {
      const ceiling = Math.min(cap, Math.max(100, cap - Math.floor(this.policy.transactionalReserve * cap)));
      if (s.campaignToday >= ceiling) return toMidnight;
      const fraction = (t % DAY) / DAY;
      const allowance = Math.min(ceiling, Math.max(100, Math.ceil(ceiling * (0.1 + 0.9 * fraction))));
      if (s.campaignToday >= allowance) {
        const next = ((s.campaignToday + 1) / ceiling - 0.1) / 0.9;
        return Math.min(900_000, Math.max(60_000, next * DAY - (t % DAY)));
      }
    }
    return 0;
  }

  private take(s: IpState, pool: PoolName, provider: string): void {
    s.today.sent++;
    (s.byProvider[provider] ??= zero()).sent++;
    if (pool === "campaign") s.campaignToday++;
    this.dirty = true;
  }

  /** Reputation signal of an attempt; local failures (ours, not the recipient's) are not counted (§9.1). */
  record(ip: string | null, provider: string, outcome: "bounced" | "deferred"): void {
    const s = ip ? this.ips.find((x) => x.ip === ip) : undefined;
    if (!s) return;
    s.today[outcome]++;
    (s.byProvider[provider] ??= zero())[outcome]++;
    this.dirty = true;
  }

  /** At the first call of a new UTC day, judge the previous full day (§9.2) and reset counters. */
  rollover(): void {
    const today = utcDate(this.now());
    for (const s of this.ips) {
      if (s.date === today) continue;
      if (s.phase !== "graduated" && s.today.sent > 0) this.evaluate(s);
      s.date = today;
      s.today = zero();
      s.campaignToday = 0;
      s.byProvider = {};
      this.dirty = true;
    }
  }

  private evaluate(s: IpState): void {
    const p = this.policy;
    const cap = this.capOf(s)!;
    const bounce = s.today.bounced / s.today.sent;
    const deferral = s.today.deferred / s.today.sent;
    this.evaluateProviders(s);
    if (bounce > p.haltBounceRate || deferral > p.haltDeferralRate) {
      s.phase = "hold";
      return;
    }
    if (bounce > p.slowBounceRate || deferral > p.slowDeferralRate) {
      s.day = Math.max(1, Math.floor(s.day * 0.5));
      s.phase = "warming";
      return;
    }
    s.phase = "warming"; // a held IP with a clean day resumes (hold is recoverable)
    const usage = s.today.sent / cap;
    s.day = bounce < p.fastBounceRate && deferral < p.fastDeferralRate && usage >= 0.8 ? Math.max(s.day + 1, Math.floor(s.day * 1.5)) : s.day + 1;
    if (s.day >= p.graduateAfterDay && bounce < 0.02) s.phase = "graduated";
  }

  private evaluateProviders(s: IpState): void {
    for (const [provider, c] of Object.entries(s.byProvider)) {
      if (c.sent < 50) continue;
      const m = s.multipliers[provider] ?? 1;
      const b = c.bounced / c.sent;
      const d = c.deferred / c.sent;
      if (b > 0.03 || d > 0.1) {
        s.multipliers[provider] = Math.max(0.05, m * 0.5);
        s.cleanDays[provider] = 0;
      } else if (b < 0.01 && d < 0.05) {
        const clean = (s.cleanDays[provider] ?? 0) + 1;
        s.cleanDays[provider] = clean;
        if (clean >= 3 && m < 1) {
          s.multipliers[provider] = Math.min(1, m + 0.1);
          s.cleanDays[provider] = 0;
        }
      } else s.cleanDays[provider] = 0;
    }
  }
}

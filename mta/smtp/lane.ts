import type { AttemptResult } from "../classify/outcome.ts";
import type { MxHost } from "../dns/mx.ts";
import type { ShapingProfile } from "../types.ts";
import { SmtpSession, type SessionOptions, type Timeouts } from "./session.ts";
import { Throttle } from "./throttle.ts";

export type TlsNeed = "opportunistic" | "required" | "verify" | "none";

export interface LaneSetup {
  key: string;
  ip: string | null;
  ehlo: string;
  port: number;
  timeouts: Timeouts;
  idleMs: number;
  secure?: boolean;
  auth?: { user: string; pass: string };
}

export interface SendJob {
  route: MxHost[];
  from: string;
  to: string;
  bytes: Uint8Array;
  eightBit: boolean;
  needsUtf8: boolean;
  tls: TlsNeed;
}

export interface SendOutcome {
  result: AttemptResult;
  mx: string | null;
}

type Parked = { s: SmtpSession; host: string; tls: TlsNeed; since: number };

const CONNECTION_PHASES = new Set(["connect", "greeting", "tls", "ehlo", "auth"]);

/**
 * A lane = (egress IP, destination site). It owns the connections to that site: at most
 * profile.maxConnections, reused for up to messagesPerConnection transactions, plus the
 * adaptive rate (Throttle). Connection failures fall through to the next MX address/host.
 */
export class Lane {
  readonly throttle: Throttle;
  private open = 0;
  private busy = 0;
  private parked: Parked[] = [];
  private waiters: (() => void)[] = [];
  private closing = false;
  delivered = 0;

  constructor(
    readonly setup: LaneSetup,
    public profile: ShapingProfile,
    now: () => number,
  ) {
    this.throttle = new Throttle(profile, now);
  }

  get connections(): number {
    return this.open;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  entered = 0;
  private entryWaiters: ((ok: boolean) => void)[] = [];

  /**
   * Admit one more attempt into this lane; when `cap` attempts are already in it, wait up to
   * maxWaitMs for one to leave (false = the caller puts the message back in the spool).
   */
  enter(cap: number, maxWaitMs: number): Promise<boolean> | boolean {
    if (this.entered < cap) {
      this.entered++;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const waiter = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        const i = this.entryWaiters.indexOf(waiter);
        if (i >= 0) this.entryWaiters.splice(i, 1);
        resolve(false);
      }, maxWaitMs);
      this.entryWaiters.push(waiter);
    });
  }

  /** The slot passes straight to the next waiting attempt, if any. */
  leave(): void {
    const next = this.entryWaiters.shift();
    if (next) next(true);
    else this.entered--;
  }

  setProfile(p: ShapingProfile): void {
    this.profile = p;
    this.throttle.setProfile(p);
    this.wakeAll();
  }

  async send(job: SendJob): Promise<SendOutcome> {
    let last: SendOutcome = { result: { ok: false, phase: "connect", reply: null, detail: "no MX host to try" }, mx: null };
    for (const host of job.route) {
      for (const address of host.addresses) {
        const got = await this.acquire(host.name, address, job.tls);
        if (!(got instanceof SmtpSession)) {
          last = { result: got, mx: host.name };
          if (!got.ok && CONNECTION_PHASES.has(got.phase)) continue; // next address / next MX
          return last;
        }
        if (job.needsUtf8 && !got.supports("SMTPUTF8")) {
          this.release(got, host.name, job.tls);
          return { result: { ok: false, phase: "rcpt", reply: { code: 553, enhanced: "5.6.7", text: "recipient needs SMTPUTF8, which the MX does not offer" }, detail: "SMTPUTF8 not offered" }, mx: host.name };
        }
        const result = await got.send(job.from, job.to, job.bytes, job.eightBit);
        this.release(got, host.name, job.tls);
        if (result.ok) this.delivered++;
        return { result, mx: host.name };
      }
    }
    return last;
  }

  private async acquire(host: string, address: string, tls: TlsNeed): Promise<SmtpSession | AttemptResult> {
    for (;;) {
      if (this.closing) return { ok: false, phase: "local", reply: null, detail: "engine stopping" };
      const i = this.parked.findIndex((p) => p.host === host && p.tls === tls && p.s.usable);
      if (i >= 0) {
        const p = this.parked.splice(i, 1)[0]!;
        this.busy++;
        return p.s;
      }
      this.dropDead();
      if (this.open < this.profile.maxConnections) return this.connect(host, address, tls);
      const other = this.parked.shift();
      if (other) {
        this.retire(other.s);
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private async connect(host: string, address: string, tls: TlsNeed): Promise<SmtpSession | AttemptResult> {
    this.open++;
    this.busy++;
    const o: SessionOptions = { address, port: this.setup.port, hostname: host, localAddress: this.setup.ip ?? undefined, ehlo: this.setup.ehlo, tls, secure: this.setup.secure, auth: this.setup.auth, timeouts: this.setup.timeouts };
    const s = await SmtpSession.open(o);
    if (!(s instanceof SmtpSession)) {
      this.open--;
      this.busy--;
      this.wakeOne();
    }
    return s;
  }

  private release(s: SmtpSession, host: string, tls: TlsNeed): void {
    this.busy--;
    const mpc = this.profile.messagesPerConnection;
    if (s.usable && !this.closing && (mpc === 0 || s.messages < mpc)) {
      this.parked.push({ s, host, tls, since: Date.now() });
    } else {
      this.retire(s);
    }
    this.wakeOne();
  }

  private retire(s: SmtpSession): void {
    this.open--;
    if (s.usable) s.quit();
    else s.close();
  }

  private dropDead(): void {
    for (let i = this.parked.length - 1; i >= 0; i--) {
      if (!this.parked[i]!.s.usable) this.retire(this.parked.splice(i, 1)[0]!.s);
    }
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }

  private wakeAll(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Close connections idle for longer than idleMs; true when the lane holds nothing. */
  sweep(nowMs: number): boolean {
    for (let i = this.parked.length - 1; i >= 0; i--) {
      const p = this.parked[i]!;
      if (!p.s.usable || nowMs - p.since > this.setup.idleMs) this.retire(this.parked.splice(i, 1)[0]!.s);
    }
    this.wakeAll();
    return this.open === 0 && this.busy === 0 && this.waiters.length === 0;
  }

  close(): void {
    this.closing = true;
    for (const w of this.entryWaiters.splice(0)) w(false);
    for (const p of this.parked.splice(0)) this.retire(p.s);
    this.wakeAll();
  }
}

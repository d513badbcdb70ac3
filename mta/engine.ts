import type { SMTPServer } from "smtp-server";
import { DkimSigner } from "./dkim/signer.ts";
import { createDkimBackend } from "./dkim/backends.ts";
import { availableParallelism } from "node:os";
import { cachedResolver, createDnsResolver } from "./dns/resolver.ts";
import { prepareItem } from "./enqueue.ts";
import { Outbox } from "./events/outbox.ts";
import { Metrics } from "./metrics.ts";
import { defaultStsFetch, MtaSts } from "./mta-sts.ts";
import { resolveOptions, type MtaOptions } from "./options.ts";
import { InvalidChangeError } from "./errors.ts";
import type { EngineContext } from "./pipeline/context.ts";
import { Lanes } from "./pipeline/lanes.ts";
import { recordFailed } from "./pipeline/record.ts";
import { Scheduler } from "./pipeline/scheduler.ts";
import { validateProfile } from "./shaping/profiles.ts";
import { GroupCommit } from "./spool/group-commit.ts";
import { openSpoolDb, Spool, type SpoolMessage } from "./spool/spool.ts";
import type { EgressIp, EnqueueItem, EnqueueRejection, EnqueueResult, Health, InboundOptions, IpStatus, Logger, QueueEntry, QueueStats, ShapingProfile } from "./types.ts";
import { Egress, type IpState } from "./warming/egress.ts";

export interface Mta {
  start(): Promise<void>;
  /** Graceful: stop claiming, finish in-flight attempts (up to timeoutMs), persist, close. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Resolves once every accepted item is durable in the spool. Same id twice = one message. */
  enqueue(batch: EnqueueItem[]): Promise<EnqueueResult>;
  stats(): QueueStats;
  inspect(filter?: { state?: string; domain?: string; messageId?: string; limit?: number }): QueueEntry[];
  flush(tenant?: string): number;
  retry(messageId: string): number;
  /** Drop waiting deliveries to an address (a `failed` event, reason "suppressed", for each). */
  suppress(address: string, tenant?: string): Promise<number>;
  shaping: { get(): ShapingProfile[]; set(profile: ShapingProfile): Promise<void>; reset(): Promise<void> };
  ips: { list(): IpStatus[]; add(ip: EgressIp): Promise<IpStatus>; warmup(ip: string, change: { day?: number; phase?: IpStatus["phase"] }): Promise<IpStatus> };
  metrics(): { counters: Record<string, number>; inflight: number; lanes: { key: string; profile: string; connections: number; attempts: number; waiting: number; rate: number; suspendedUntil: number }[]; dkimBackend: string; prometheus: string };
  startInbound(opts: InboundOptions): Promise<{ port: number }>;
  stopInbound(): Promise<void>;
  health(): Health;
}

const consoleLogger: Logger = {
  info: (m, d) => console.log(JSON.stringify({ level: "info", component: "mta", msg: m, ...d })),
  warn: (m, d) => console.warn(JSON.stringify({ level: "warn", component: "mta", msg: m, ...d })),
  error: (m, d) => console.error(JSON.stringify({ level: "error", component: "mta", msg: m, ...d })),
};

function buildContext(o: MtaOptions): { ctx: EngineContext; outbox: Outbox } {
  const settings = resolveOptions(o);
  const now = o.clock ? () => o.clock!.now() : Date.now;
  const log = o.logger ?? consoleLogger;
  const spool = new Spool(openSpoolDb(settings.spoolPath, settings.durability));
  const writer = new GroupCommit(spool.db, settings.commitIntervalMs, (err) => log.error("spool commit failed", { error: (err as Error).message }), settings.durability === "full" ? "run" : "none");
  const resolver = cachedResolver(o.resolver ?? createDnsResolver(o.dns), now, o.dns);
  const fetchSts = typeof o.mtaSts === "object" ? o.mtaSts.fetch : defaultStsFetch;
  const outbox = new Outbox(spool, writer, o.events, log);
  const ctx: EngineContext = {
    settings,
    spool,
    writer,
    resolver,
    signer: new DkimSigner(o.signingKeys, now, createDkimBackend(o.dkimBackend ?? "auto", o.signingThreads ?? Math.max(1, availableParallelism()))),
    composer: o.composer ?? null,
    policy: o.policy ?? null,
    egress: new Egress(settings.warming, settings.ehlo, now),
    lanes: new Lanes(settings, now),
    sts: o.mtaSts === false || settings.smarthost ? null : new MtaSts(resolver, fetchSts, now),
    metrics: new Metrics(),
    log,
    now,
    random: o.random ?? Math.random,
    onRecorded: () => {},
    eventCommitted: (seq, event) => outbox.committed(seq, event),
  };
  return { ctx, outbox };
}

function loadState(ctx: EngineContext): void {
  const saved = ctx.spool.kvGet<ShapingProfile[]>("shaping");
  if (saved && saved.every((p) => validateProfile(p) === null)) ctx.lanes.table = saved;
  ctx.egress.load(ctx.settings.egress, ctx.spool.kvGet<IpState[]>("egress"));
}

/** Create the delivery engine. Nothing runs until start(). */
/** Mutable lifecycle state shared by the pieces of the API. */
interface Runtime {
  ctx: EngineContext;
  outbox: Outbox;
  scheduler: Scheduler;
  running: boolean;
  closed: boolean;
  inbound: SMTPServer | null;
  ticker: ReturnType<typeof setInterval> | null;
  lastPrune: number;
}

function assertOpen(rt: Runtime): void {
  if (rt.closed) throw new Error("the MTA is stopped; create a new one with createMta()");
}

function housekeeping(rt: Runtime): void {
  const { ctx } = rt;
  ctx.lanes.sweep();
  ctx.egress.rollover();
  if (ctx.egress.dirty) {
    ctx.egress.dirty = false;
    const snapshot = structuredClone(ctx.egress.snapshot());
    ctx.writer.push(() => ctx.spool.kvSet("egress", snapshot));
  }
  if (ctx.now() - rt.lastPrune > 3_600_000) {
    rt.lastPrune = ctx.now();
    ctx.writer.push(() => void ctx.spool.prune(ctx.now() - ctx.settings.retentionMs));
  }
}

async function start(rt: Runtime): Promise<void> {
  assertOpen(rt);
  if (rt.running) return;
  const recovered = rt.ctx.spool.recoverInflight(rt.ctx.now());
  if (recovered) rt.ctx.log.warn("recovered deliveries that were in flight at the last stop", { count: recovered });
  rt.running = true;
  rt.outbox.start();
  rt.scheduler.start();
  rt.ticker = setInterval(() => housekeeping(rt), 1000);
}

async function stop(rt: Runtime, timeoutMs: number): Promise<void> {
  if (!rt.running) return;
  rt.running = false;
  if (rt.ticker) clearInterval(rt.ticker);
  const finished = await rt.scheduler.stop(timeoutMs);
  if (!finished) rt.ctx.log.warn("stopped with attempts still in flight; they will be retried at the next start", { inflight: rt.scheduler.inflight });
  rt.ctx.lanes.close();
  housekeeping(rt);
  rt.ctx.writer.flush();
  await rt.outbox.stop();
  await stopInbound(rt);
  rt.ctx.signer.close();
  rt.ctx.spool.close();
  rt.closed = true;
}

async function startInbound(rt: Runtime, opts: InboundOptions): Promise<{ port: number }> {
  if (rt.inbound) throw new Error("inbound server already running");
  const { ctx } = rt;
  const deps = { spool: ctx.spool, writer: ctx.writer, metrics: ctx.metrics, log: ctx.log, ehlo: ctx.settings.ehlo, bounceDomains: (domain: string) => ctx.settings.bounceDomains.includes(domain) || (ctx.policy?.isBounceDomain?.(domain) ?? false), verpSecret: ctx.settings.verpSecret, now: ctx.now, onRecorded: ctx.onRecorded, eventCommitted: ctx.eventCommitted };
  // smtp-server is loaded only by engines that take bounces.
  const { createInboundServer } = await import("./bounce/inbound.ts");
  const server = createInboundServer(deps, opts);
  server.on("error", (err) => ctx.log.warn("inbound SMTP error", { error: err.message }));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  rt.inbound = server;
  return { port: (server.server.address() as { port: number }).port };
}

async function stopInbound(rt: Runtime): Promise<void> {
  const s = rt.inbound;
  rt.inbound = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

function shapingApi(ctx: EngineContext): Mta["shaping"] {
  return {
    get: () => structuredClone(ctx.lanes.table),
    async set(profile) {
      const err = validateProfile(profile);
      if (err) throw new InvalidChangeError(err);
      ctx.lanes.setProfile(structuredClone(profile));
      const table = structuredClone(ctx.lanes.table);
      await ctx.writer.run(() => ctx.spool.kvSet("shaping", table));
    },
    async reset() {
      ctx.lanes.table = structuredClone(ctx.settings.shaping);
      for (const p of ctx.lanes.table) ctx.lanes.setProfile(p); // also clears the profile cache
      await ctx.writer.run(() => ctx.spool.kvSet("shaping", ctx.lanes.table));
    },
  };
}

function queueApi(rt: Runtime): Pick<Mta, "enqueue" | "stats" | "inspect" | "flush" | "retry" | "suppress"> {
  const { ctx, scheduler } = rt;
  const wakeAfter = (n: number) => (scheduler.wake(), n);
  return {
    enqueue: async (batch) => (assertOpen(rt), enqueue(ctx, batch, () => scheduler.wake())),
    stats: () => (assertOpen(rt), ctx.spool.stats(ctx.now())),
    inspect: (filter = {}) => (assertOpen(rt), ctx.spool.list(filter)),
    flush: (tenant) => (assertOpen(rt), wakeAfter(ctx.spool.flush(ctx.now(), tenant))),
    retry: (messageId) => (assertOpen(rt), wakeAfter(ctx.spool.retry(messageId, ctx.now()))),
    suppress: (address, tenant) => (assertOpen(rt), suppressQueued(ctx, address, tenant)),
  };
}

function metricsOf(rt: Runtime): ReturnType<Mta["metrics"]> {
  const { ctx } = rt;
  const lanes = ctx.lanes.all().map((l) => ({ key: l.setup.key, profile: l.profile.name, connections: l.connections, attempts: l.entered, waiting: l.waiting, rate: l.throttle.effectiveRate(), suspendedUntil: l.throttle.suspendedUntil }));
  return { counters: ctx.metrics.snapshot(), inflight: rt.scheduler.inflight, lanes, dkimBackend: ctx.signer.backend.name, prometheus: ctx.metrics.prometheus() };
}

const STOPPED: Health = { ok: false, running: false, inbound: false, queueDepth: 0, inflight: 0, oldestQueuedAt: null, eventsPending: 0, problems: ["engine is stopped"] };

/** Create the delivery engine. Nothing runs until start(). */
export function createMta(options: MtaOptions): Mta {
  const { ctx, outbox } = buildContext(options);
  const rt: Runtime = { ctx, outbox, scheduler: new Scheduler(ctx), running: false, closed: false, inbound: null, ticker: null, lastPrune: 0 };
  ctx.onRecorded = () => {
    rt.scheduler.wake();
    setTimeout(() => void outbox.drain(), ctx.settings.commitIntervalMs + 1);
  };
  loadState(ctx);
  return {
    start: () => start(rt),
    stop: (opts) => stop(rt, opts?.timeoutMs ?? 30_000),
    ...queueApi(rt),
    shaping: shapingApi(ctx),
    ips: {
      list: () => ctx.egress.list(),
      add: async (ip) => persistEgress(ctx, ctx.egress.add(ip)),
      warmup: async (ip, change) => persistEgress(ctx, ctx.egress.warmup(ip, change)),
    },
    metrics: () => metricsOf(rt),
    startInbound: (opts) => startInbound(rt, opts),
    stopInbound: () => stopInbound(rt),
    health: () => (rt.closed ? STOPPED : health(ctx, rt.running, rt.inbound !== null, rt.scheduler.inflight)),
  };
}

async function persistEgress(ctx: EngineContext, status: IpStatus): Promise<IpStatus> {
  const snapshot = structuredClone(ctx.egress.snapshot());
  await ctx.writer.run(() => ctx.spool.kvSet("egress", snapshot));
  return status;
}

async function enqueue(ctx: EngineContext, batch: EnqueueItem[], wake: () => void): Promise<EnqueueResult> {
  if (!Array.isArray(batch)) throw new TypeError("enqueue expects an array of items");
  const now = ctx.now();
  const rejected: EnqueueRejection[] = [];
  const rows: SpoolMessage[] = [];
  batch.forEach((item, i) => {
    const r = prepareItem(item, i, ctx.settings, ctx.policy, now);
    if ("field" in r) rejected.push(r);
    else rows.push(r);
  });
  const inserted = rows.length ? await ctx.writer.run(() => rows.reduce((n, r) => n + (ctx.spool.insertMessage(r, now) ? 1 : 0), 0)) : 0;
  if (inserted) wake();
  ctx.metrics.inc("enqueued", inserted);
  return { accepted: inserted, duplicates: rows.length - inserted, rejected };
}

async function suppressQueued(ctx: EngineContext, address: string, tenant?: string): Promise<number> {
  const waiting = ctx.spool.waitingFor(address.trim(), tenant);
  for (const d of waiting) recordFailed(ctx, { d, attempt: d.attempts, ip: null, mx: null, provider: "other" }, "suppressed", "recipient suppressed by the operator");
  await ctx.writer.run(() => undefined);
  return waiting.length;
}

function health(ctx: EngineContext, running: boolean, inbound: boolean, inflight: number): Health {
  const { waiting, oldest } = ctx.spool.waitingSummary();
  const eventsPending = ctx.spool.countEvents();
  const problems: string[] = [];
  if (!running) problems.push("engine is not running");
  if (eventsPending > 10_000) problems.push(`${eventsPending} events wait for the event sink`);
  const dkim = ctx.metrics.counters.get("deferred:dkim_key") ?? 0;
  if (dkim > 0) problems.push(`${dkim} attempts deferred because a DKIM key is unusable`);
  return { ok: problems.length === 0, running, inbound, queueDepth: waiting + inflight, inflight, oldestQueuedAt: oldest, eventsPending, problems };
}

import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createMta, DEFAULT_SHAPING, unlimitedProfile, type MtaOptions } from "../../mta/index.ts";
import { collector, freePort, message, startSink, tempDir, zoneResolver } from "./helpers.ts";

setDefaultTimeout(20_000);
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const quiet = { info() {}, warn() {}, error() {} };
const fast = [unlimitedProfile("other", 4), ...DEFAULT_SHAPING.filter((p) => p.name !== "other")];

function options(spool: string, port: number, events: ReturnType<typeof collector>, over: Partial<MtaOptions> = {}): MtaOptions {
  return {
    spoolPath: `${tmp.dir}/${spool}`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: "o".repeat(40),
    signingKeys: { keysFor: () => [] },
    events,
    resolver: zoneResolver({ mx: { "ok.test": [{ exchange: "mx.ok.test", priority: 10 }] }, a: { "mx.ok.test": ["127.0.0.1"] } }),
    port,
    mtaSts: false,
    logger: quiet,
    ...over,
  };
}

describe("smarthost mode", () => {
  test("relays through a submission server with STARTTLS and AUTH instead of direct-to-MX", async () => {
    const port = await freePort();
    const relay = await startSink({ port, auth: { user: "relay-user", pass: "relay-pass" }, hideStartTls: false });
    const events = collector();
    const mta = createMta(options("smarthost.sqlite", 1, events, { resolver: zoneResolver({}), smarthost: { host: "127.0.0.1", port, tls: "required", user: "relay-user", password: "relay-pass", rejectUnauthorized: false } }));
    await mta.start();
    await mta.enqueue([{ id: "s1", tenant: "t", from: "a@sender.test", to: "anyone@nowhere-without-mx.test", raw: message("a@sender.test", "anyone@nowhere-without-mx.test", "via relay") }]);
    await events.waitFor((e) => e.some((x) => x.type === "delivered"));
    expect(relay.received[0]).toMatchObject({ user: "relay-user", secure: true, to: ["anyone@nowhere-without-mx.test"] });
    expect(events.events[0]).toMatchObject({ mx: "127.0.0.1", type: "delivered" });
    await mta.stop();
    await relay.close();
  });
  test("a wrong relay password is a local retry, never a bounce", async () => {
    const port = await freePort();
    const relay = await startSink({ port, auth: { user: "u", pass: "right" }, hideStartTls: false });
    const events = collector();
    const mta = createMta(options("smarthost2.sqlite", 1, events, { resolver: zoneResolver({}), random: () => 0.5, smarthost: { host: "127.0.0.1", port, tls: "required", user: "u", password: "wrong" } }));
    await mta.start();
    await mta.enqueue([{ id: "s2", tenant: "t", from: "a@sender.test", to: "x@y.test", raw: message("a@sender.test", "x@y.test", "x") }]);
    await events.waitFor((e) => e.length > 0);
    expect(events.events[0]).toMatchObject({ type: "deferred", class: "auth" });
    expect(relay.received.length).toBe(0);
    await mta.stop();
    await relay.close();
  });
});

describe("egress IPs, warming and shaping at run time", () => {
  test("binds the source IP and EHLO name of the chosen egress IP; warming caps hold mail back without an attempt", async () => {
    const port = await freePort();
    const sink = await startSink({ port });
    const events = collector();
    const mta = createMta(options("egress.sqlite", port, events, { shaping: fast, egress: [{ ip: "127.0.0.2", pools: ["campaign"], ehlo: "out2.sender.test", warmup: true }, { ip: "127.0.0.3", pools: ["transactional"], ehlo: "out3.sender.test" }] }));
    await mta.start();
    const batch = Array.from({ length: 60 }, (_, i) => ({ id: `w${i}`, tenant: "t", from: "a@sender.test", to: `u${i}@ok.test`, raw: message("a@sender.test", `u${i}@ok.test`, "w"), pool: "campaign" as const }));
    await mta.enqueue([...batch, { id: "tx", tenant: "t", from: "a@sender.test", to: "tx@ok.test", raw: message("a@sender.test", "tx@ok.test", "t"), pool: "transactional" }]);
    await events.waitFor((e) => e.filter((x) => x.type === "delivered").length >= 51);
    await Bun.sleep(300);
    const delivered = events.events.filter((x) => x.type === "delivered");
    expect(delivered.length).toBe(51); // day-1 cap of 50 on the campaign IP + 1 transactional
    expect(new Set(sink.received.filter((r) => r.to[0] !== "tx@ok.test").map((r) => `${r.remote} ${r.ehlo}`))).toEqual(new Set(["127.0.0.2 out2.sender.test"]));
    expect(sink.received.find((r) => r.to[0] === "tx@ok.test")).toMatchObject({ remote: "127.0.0.3", ehlo: "out3.sender.test" });
    expect(mta.stats().byState.deferred).toBe(10);
    expect(mta.inspect({ state: "deferred", limit: 1 })[0]!.attempts).toBe(0);
    expect(mta.ips.list().find((x) => x.ip === "127.0.0.2")).toMatchObject({ phase: "warming", day: 1, dailyCap: 50, sentToday: 50 });
    await mta.ips.warmup("127.0.0.2", { phase: "graduated" });
    expect(mta.flush()).toBe(10);
    await events.waitFor((e) => e.filter((x) => x.type === "delivered").length === 61);
    await mta.ips.add({ ip: "127.0.0.4", pools: ["campaign"], warmup: true });
    await mta.stop();
    const again = createMta(options("egress.sqlite", port, events, { egress: [{ ip: "127.0.0.2", pools: ["campaign"] }] }));
    expect(again.ips.list().map((x) => [x.ip, x.phase])).toEqual([["127.0.0.2", "graduated"], ["127.0.0.3", "graduated"], ["127.0.0.4", "warming"]]);
    await again.start();
    await again.stop();
    await sink.close();
  });
  test("the shaping table is readable and editable without a restart, and the edit persists", async () => {
    const port = await freePort();
    const sink = await startSink({ port });
    const events = collector();
    const mta = createMta(options("shaping.sqlite", port, events));
    await mta.start();
    expect(mta.shaping.get().map((p) => p.name)).toEqual(DEFAULT_SHAPING.map((p) => p.name));
    const other = mta.shaping.get().find((p) => p.name === "other")!;
    await mta.shaping.set({ ...other, rate: { initial: 60, floor: 1, ceiling: 60 }, maxConnections: 1 });
    await expect(mta.shaping.set({ ...other, backoff: 7 })).rejects.toThrow(/backoff/);
    await mta.enqueue(Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, tenant: "t", from: "a@sender.test", to: `r${i}@ok.test`, raw: message("a@sender.test", `r${i}@ok.test`, "r") })));
    await events.waitFor((e) => e.length >= 5);
    await Bun.sleep(300);
    expect(events.events.length).toBe(5); // burst of rate/12 = 5 at 60/min; the rest wait or go back to the spool
    expect(mta.metrics().lanes[0]).toMatchObject({ profile: "other", rate: 60 });
    await mta.stop();
    const again = createMta(options("shaping.sqlite", port, events));
    expect(again.shaping.get().find((p) => p.name === "other")).toMatchObject({ maxConnections: 1, rate: { initial: 60 } });
    await again.shaping.reset();
    expect(again.shaping.get().find((p) => p.name === "other")!.maxConnections).toBe(other.maxConnections);
    await again.start();
    await again.stop();
    await sink.close();
  });
  test("metrics count outcomes; health reports the engine; stop is graceful", async () => {
    const port = await freePort();
    const sink = await startSink({ port, onRcpt: (r) => (r.startsWith("no") ? { code: 550, message: "5.1.1 unknown" } : null) });
    const events = collector();
    const mta = createMta(options("metrics.sqlite", port, events));
    await mta.start();
    await mta.enqueue([
      { id: "m1", tenant: "t", from: "a@sender.test", to: "yes@ok.test", raw: message("a@sender.test", "yes@ok.test", "m") },
      { id: "m2", tenant: "t", from: "a@sender.test", to: "no@ok.test", raw: message("a@sender.test", "no@ok.test", "m") },
    ]);
    await events.waitFor((e) => e.length === 2);
    const m = mta.metrics();
    expect(m.counters).toMatchObject({ "delivered:delivered": 1, "bounced:hard": 1, enqueued: 2 });
    expect(m.prometheus).toContain('mta_events_total{type="bounced",class="hard"} 1');
    expect(mta.health()).toMatchObject({ ok: true, running: true, queueDepth: 0, inflight: 0 });
    await mta.stop();
    expect(mta.health().running).toBe(false);
    await sink.close();
  });
});

describe("fairness", () => {
  test("a slow destination cannot hold every in-flight slot (no head-of-line blocking)", async () => {
    const port = await freePort("127.0.0.5");
    const slow = await startSink({ host: "127.0.0.5", port, delayMs: 1500 });
    const fastSink = await startSink({ host: "127.0.0.6", port });
    const events = collector();
    const one = { ...DEFAULT_SHAPING.find((p) => p.name === "other")!, maxConnections: 1, rate: { initial: 0, floor: 0, ceiling: 0 } };
    const mta = createMta(options("fair.sqlite", port, events, {
      maxInFlight: 80,
      shaping: [one, ...DEFAULT_SHAPING.filter((p) => p.name !== "other")],
      resolver: zoneResolver({ mx: { "slow.test": [{ exchange: "mx.slow.test", priority: 1 }], "fast.test": [{ exchange: "mx.fast.test", priority: 1 }] }, a: { "mx.slow.test": ["127.0.0.5"], "mx.fast.test": ["127.0.0.6"] } }),
    }));
    await mta.start();
    await mta.enqueue(Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, tenant: "t", from: "a@sender.test", to: `s${i}@slow.test`, raw: message("a@sender.test", `s${i}@slow.test`, "s") })));
    await Bun.sleep(300);
    const t0 = Date.now();
    await mta.enqueue(Array.from({ length: 5 }, (_, i) => ({ id: `f${i}`, tenant: "t", from: "a@sender.test", to: `f${i}@fast.test`, raw: message("a@sender.test", `f${i}@fast.test`, "f") })));
    await events.waitFor((e) => e.filter((x) => x.recipient.endsWith("@fast.test")).length === 5, 8000);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(fastSink.received.length).toBe(5);
    await mta.stop({ timeoutMs: 3000 });
    await slow.close();
    await fastSink.close();
  });
});

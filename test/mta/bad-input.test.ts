import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { createDnsResolver, createMta, type Composer, type Mta } from "../../mta/index.ts";
import { collector, freePort, message, rsaKey, startSink, tempDir, zoneResolver } from "./helpers.ts";

/** A DNS server that swallows every query: lookups must time out, never hang the queue. */
async function blackHoleDns(): Promise<{ server: string; close(): void }> {
  const sock = createSocket("udp4");
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  sock.on("message", () => {});
  return { server: `127.0.0.1:${sock.address().port}`, close: () => sock.close() };
}

const good = rsaKey("sender.test", "s1");
const tmp = tempDir();
const events = collector();
let sink: Awaited<ReturnType<typeof startSink>>;
let mta: Mta;
let hole: Awaited<ReturnType<typeof blackHoleDns>>;

const composer: Composer = {
  compose(recipe) {
    if (recipe.kind === "inject") return "From: a@sender.test\r\nSubject: hi\nBcc: everyone@victim.test\r\n\r\nbody";
    if (recipe.kind === "huge") return `From: a@sender.test\r\nSubject: big\r\n\r\n${"x".repeat(3000)}\r\n`;
    if (recipe.kind === "gone") throw Object.assign(new Error("campaign was deleted"), { permanent: true });
    if (recipe.kind === "busy") throw new Error("tenant database is locked");
    return message("a@sender.test", String(recipe.to), "composed");
  },
};

beforeAll(async () => {
  const port = await freePort();
  sink = await startSink({ port, onData: (raw) => (raw.length > 2500 ? { code: 552, message: "5.3.4 Message size exceeds fixed limit" } : null) });
  hole = await blackHoleDns();
  const zone = zoneResolver({ mx: { "ok.test": [{ exchange: "mx.ok.test", priority: 10 }] }, a: { "mx.ok.test": ["127.0.0.1"] } });
  const slow = createDnsResolver({ servers: [hole.server], timeoutMs: 400 });
  mta = createMta({
    spoolPath: `${tmp.dir}/spool.sqlite`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: "b".repeat(40),
    signingKeys: { keysFor: (_t, d) => (d === "badkey.test" ? [{ domain: d, selector: "broken", algorithm: "rsa", privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }] : d === "sender.test" ? [good.key] : []) },
    events,
    composer,
    policy: { isSuppressed: (_t, a) => a === "blocked@ok.test", isPaused: (t) => t === "paused-org" },
    resolver: { mx: (d) => (d === "slowdns.test" ? slow.mx(d) : zone.mx(d)), a: (h) => zone.a(h), txt: (n) => zone.txt(n) },
    port,
    maxMessageBytes: 4000,
    random: () => 0.5,
    mtaSts: false,
    logger: { info() {}, warn() {}, error() {} },
  });
  await mta.start();
});

afterAll(async () => {
  await mta?.stop({ timeoutMs: 2000 });
  await sink?.close();
  hole?.close();
  tmp.cleanup();
});

const last = (rcpt: string) => events.events.filter((e) => e.recipient === rcpt).at(-1);

describe("bad input gets a clear error or a classified outcome, never a stuck queue", () => {
  test("enqueue refuses bad syntax, header injection and oversize, naming the field, and keeps the good items", async () => {
    const res = await mta.enqueue([
      { id: "ok-1", tenant: "t", from: "a@sender.test", to: "fine@ok.test", raw: message("a@sender.test", "fine@ok.test", "fine") },
      { id: "bad-rcpt", tenant: "t", from: "a@sender.test", to: "not an address", raw: message("a@sender.test", "x@ok.test", "x") },
      { id: "bad-inject", tenant: "t", from: "a@sender.test", to: "x@ok.test", raw: "From: a@sender.test\r\nSubject: x\nBcc: y@z.test\r\n\r\nhi" },
      { id: "bad-size", tenant: "t", from: "a@sender.test", to: "x@ok.test", raw: message("a@sender.test", "x@ok.test", "x", "y".repeat(5000)) },
      { id: "bad-from", tenant: "t", from: "a@sender.test\r\nRCPT TO:<z@z.test>", to: "x@ok.test", raw: message("a@sender.test", "x@ok.test", "x") },
    ]);
    expect(res.accepted).toBe(1);
    expect(res.rejected.map((r) => [r.id, r.field])).toEqual([["bad-rcpt", "to"], ["bad-inject", "raw"], ["bad-size", "raw"], ["bad-from", "from"]]);
    expect(res.rejected[2]!.error).toContain("4000-byte limit");
    await events.waitFor(() => last("fine@ok.test")?.type === "delivered");
  });
  test("composer output with header injection fails (not a bounce); composer errors fail or defer", async () => {
    await mta.enqueue([
      { id: "c-inject", tenant: "t", from: "a@sender.test", to: "inj@ok.test", recipe: { kind: "inject" } },
      { id: "c-gone", tenant: "t", from: "a@sender.test", to: "gone@ok.test", recipe: { kind: "gone" } },
      { id: "c-busy", tenant: "t", from: "a@sender.test", to: "busy@ok.test", recipe: { kind: "busy" } },
    ]);
    await events.waitFor(() => !!last("inj@ok.test") && !!last("gone@ok.test") && !!last("busy@ok.test"));
    expect(last("inj@ok.test")).toMatchObject({ type: "failed", class: "invalid_message" });
    expect(last("inj@ok.test")!.reply!.text).toContain("bare CR or LF");
    expect(last("gone@ok.test")).toMatchObject({ type: "failed", class: "compose_failed" });
    expect(last("busy@ok.test")).toMatchObject({ type: "deferred", class: "compose" });
    expect(last("busy@ok.test")!.nextAttemptAt! - last("busy@ok.test")!.at).toBe(60_000);
  });
  test("a message the receiver finds too big bounces as message_too_large", async () => {
    await mta.enqueue([{ id: "c-huge", tenant: "t", from: "a@sender.test", to: "huge@ok.test", recipe: { kind: "huge" } }]);
    await events.waitFor(() => !!last("huge@ok.test"));
    expect(last("huge@ok.test")).toMatchObject({ type: "bounced", class: "hard", reason: "message_too_large", reply: { code: 552 } });
  });
  test("a DKIM key that does not parse defers with a clear reason and shows in health()", async () => {
    await mta.enqueue([{ id: "k1", tenant: "t", from: "a@badkey.test", to: "key@ok.test", raw: message("a@badkey.test", "key@ok.test", "k") }]);
    await events.waitFor(() => !!last("key@ok.test"));
    expect(last("key@ok.test")).toMatchObject({ type: "deferred", class: "dkim_key" });
    expect(last("key@ok.test")!.reply!.text).toContain("badkey.test (selector broken)");
    expect(mta.health().problems.join(" ")).toContain("DKIM key");
  });
  test("a DNS server that times out gives a dns deferral, and the queue keeps moving", async () => {
    const t0 = Date.now();
    await mta.enqueue([
      { id: "d1", tenant: "t", from: "a@sender.test", to: "x@slowdns.test", raw: message("a@sender.test", "x@slowdns.test", "d") },
      { id: "d2", tenant: "t", from: "a@sender.test", to: "after@ok.test", raw: message("a@sender.test", "after@ok.test", "d") },
    ]);
    await events.waitFor(() => !!last("x@slowdns.test") && !!last("after@ok.test"));
    expect(last("after@ok.test")!.type).toBe("delivered");
    expect(last("x@slowdns.test")).toMatchObject({ type: "deferred", class: "dns" });
    expect(Date.now() - t0).toBeLessThan(3000);
  });
  test("suppressed recipients and paused organizations", async () => {
    await mta.enqueue([
      { id: "s1", tenant: "t", from: "a@sender.test", to: "blocked@ok.test", raw: message("a@sender.test", "blocked@ok.test", "s") },
      { id: "p1", tenant: "paused-org", from: "a@sender.test", to: "waiting@ok.test", raw: message("a@sender.test", "waiting@ok.test", "p") },
    ]);
    await events.waitFor(() => !!last("blocked@ok.test"));
    expect(last("blocked@ok.test")).toMatchObject({ type: "failed", class: "suppressed" });
    await Bun.sleep(200);
    expect(last("waiting@ok.test")).toBeUndefined(); // held back without an attempt
    expect(mta.inspect({ messageId: "p1" })[0]).toMatchObject({ state: "deferred", attempts: 0 });
    expect(await mta.suppress("waiting@ok.test")).toBe(1);
    await events.waitFor(() => last("waiting@ok.test")?.type === "failed");
  });
  test("expiry: a message whose lifetime ends before the next attempt expires with an event", async () => {
    await mta.enqueue([{ id: "e1", tenant: "t", from: "a@sender.test", to: "x@slowdns.test", raw: message("a@sender.test", "x@slowdns.test", "e"), expiresAt: Date.now() + 30_000 }]);
    await events.waitFor(() => events.events.some((e) => e.messageId === "e1"));
    expect(events.events.find((e) => e.messageId === "e1")).toMatchObject({ type: "expired", class: "dns", reason: "expired" });
  });
  test("everything that was accepted reached a state; nothing is stuck in flight", () => {
    expect(mta.stats().byState.inflight ?? 0).toBe(0);
    expect(mta.health().running).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createDnsResolver, createMta, DEFAULT_SHAPING, type Mta, type MtaEvent } from "../../mta/index.ts";
import { collector, freePort, message, startDnsmasq, startSink, tempDir } from "./helpers.ts";

/** Each destination domain has its own receiving MX on 127.0.0.x that misbehaves in one way. */
const tmp = tempDir();
const events = collector();
const sinks: { close(): Promise<void> }[] = [];
let dns: Awaited<ReturnType<typeof startDnsmasq>>;
let mta: Mta;
const M = 60_000;

const at = (rcpt: string, code: number, message: string) => () => ({ code, message });

beforeAll(async () => {
  const port = await freePort("127.0.0.21");
  const rcptFault = async (ip: string, code: number, text: string) => sinks.push(await startSink({ host: ip, port, onRcpt: at("", code, text) }));
  await rcptFault("127.0.0.21", 450, "4.2.0 Recipient address rejected: Greylisted, please try again in 300 seconds");
  await rcptFault("127.0.0.22", 421, "4.7.0 Try again later, closing connection");
  await rcptFault("127.0.0.23", 452, "4.5.3 Too many recipients");
  await rcptFault("127.0.0.24", 550, "5.1.1 <x>: Recipient address rejected: User unknown");
  await rcptFault("127.0.0.25", 552, "5.2.2 Mailbox full");
  await rcptFault("127.0.0.26", 554, "5.7.1 Service unavailable; client host blocked using zen.spamhaus.org");
  sinks.push(await startSink({ host: "127.0.0.27", port, onData: () => "drop" }));
  sinks.push(await startSink({ host: "127.0.0.28", port, delayMs: 3000 }));
  sinks.push(await startSink({ host: "127.0.0.30", port })); // no STARTTLS offered
  const names = ["grey", "grey421", "many", "unknown", "full", "block", "drop", "tarpit", "refused", "secure"];
  const ips = ["21", "22", "23", "24", "25", "26", "27", "28", "29", "30"];
  dns = await startDnsmasq({
    mx: [...names.map((n): [string, string, number] => [`${n}.test`, `mx.${n}.test`, 10]), ["nullmx.test", ".", 0]],
    a: names.map((n, i): [string, string] => [`mx.${n}.test`, `127.0.0.${ips[i]}`]),
    nxdomain: ["nx.test"],
  });
  const secure = { ...DEFAULT_SHAPING.find((p) => p.name === "other")!, name: "securemx", mxSuffixes: ["secure.test"], tls: "required" as const };
  mta = createMta({
    spoolPath: `${tmp.dir}/spool.sqlite`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: "x".repeat(40),
    signingKeys: { keysFor: () => [] },
    events,
    resolver: createDnsResolver({ servers: [dns.server], timeoutMs: 2000 }),
    port,
    random: () => 0.5, // jitter factor exactly 1: next attempt = the table's delay
    shaping: [secure, ...DEFAULT_SHAPING],
    timeouts: { connectMs: 1000, greetingMs: 1500, socketMs: 1000 },
    mtaSts: false,
    logger: { info() {}, warn() {}, error() {} },
  });
  await mta.start();
  const domains = [...names, "nx", "nullmx"];
  await mta.enqueue(domains.map((d) => ({ id: `m-${d}`, tenant: "t1", from: "a@sender.test", to: `user@${d}.test`, raw: message("a@sender.test", `user@${d}.test`, d) })));
  await events.waitFor((e) => new Set(e.map((x) => x.recipient)).size === domains.length, 20_000);
});

afterAll(async () => {
  await mta?.stop({ timeoutMs: 3000 });
  for (const s of sinks) await s.close();
  dns?.stop();
  tmp.cleanup();
});

const eventFor = (domain: string): MtaEvent => events.events.find((e) => e.recipient === `user@${domain}.test`)!;
const delay = (e: MtaEvent) => e.nextAttemptAt! - e.at;

describe("fault cases: class and next attempt time", () => {
  const deferred: [string, string, number, number | null][] = [
    ["grey", "greylist", 300_000, 450],
    ["grey421", "greylist", 2 * M, 421],
    ["many", "too_many_recipients", M, 452],
    ["full", "mailbox_full", 60 * M, 552],
    ["refused", "connection", M, null],
    ["drop", "connection", M, null],
    ["tarpit", "connection", M, null],
    ["secure", "tls_unavailable", 15 * M, 500], // the sink answers 500 to STARTTLS: never sent in clear
  ];
  for (const [domain, cls, ms, code] of deferred) {
    test(`${domain}: deferred as ${cls}, next attempt in ${ms / 1000} s`, () => {
      const e = eventFor(domain);
      expect(e).toMatchObject({ type: "deferred", class: cls, tenant: "t1", messageId: `m-${domain}`, attempt: 1 });
      expect(e.reply?.code ?? null).toBe(code);
      expect(delay(e)).toBe(ms);
    });
  }
  const bounced: [string, string, string, number][] = [
    ["unknown", "hard", "user_unknown", 550],
    ["block", "block", "blocked", 554],
    ["nx", "hard", "domain_not_found", 550],
    ["nullmx", "hard", "null_mx", 556],
  ];
  for (const [domain, cls, reason, code] of bounced) {
    test(`${domain}: bounced ${cls} (${reason})`, () => {
      expect(eventFor(domain)).toMatchObject({ type: "bounced", class: cls, reason, source: "sync", reply: { code } });
      expect(eventFor(domain).nextAttemptAt).toBeUndefined();
    });
  }
  test("the spool agrees: waiting deliveries carry the same next attempt; nothing is stuck in flight", () => {
    const rows = mta.inspect({ limit: 100 });
    expect(rows.find((r) => r.messageId === "m-grey")).toMatchObject({ state: "deferred", attempts: 1, lastClass: "greylist", nextAttemptAt: eventFor("grey").nextAttemptAt });
    expect(rows.find((r) => r.messageId === "m-unknown")).toMatchObject({ state: "bounced", lastClass: "hard" });
    expect(mta.stats().byState.inflight ?? 0).toBe(0);
  });
  test("flush and retry by id make deferred mail due again (operator view)", async () => {
    const before = events.events.filter((e) => e.recipient === "user@many.test").length;
    expect(mta.retry("m-many")).toBe(1);
    await events.waitFor((e) => e.filter((x) => x.recipient === "user@many.test").length === before + 1);
    const second = events.events.filter((e) => e.recipient === "user@many.test").at(-1)!;
    expect(second).toMatchObject({ attempt: 2, class: "too_many_recipients" });
    expect(delay(second)).toBe(5 * M); // second delay of the table
    expect(mta.flush()).toBeGreaterThanOrEqual(7);
    const stats = mta.stats();
    expect(stats.byDomain.length).toBeGreaterThan(0);
    expect(stats.oldestQueuedAt).not.toBeNull();
    expect(mta.metrics().counters["bounced:hard"]).toBe(3);
  });
});

import { afterAll, beforeAll, expect, test } from "bun:test";
import { createMta, createDnsResolver, type Mta } from "../../mta/index.ts";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import type { Subprocess } from "bun";
import { collector, edKey, freePort, message, rsaKey, startDnsmasq, startSink, startSmtpSink, tempDir, verifyDkim } from "./helpers.ts";

const rsa = rsaKey("sender.test", "s2048");
const ed = edKey("sender.test", "ed1");
const tmp = tempDir();
let dns: Awaited<ReturnType<typeof startDnsmasq>>;
let sinkA: Awaited<ReturnType<typeof startSink>>;
let sinkB: Awaited<ReturnType<typeof startSink>>;
let mta: Mta;
let postfixSink: Subprocess;
const dumpDir = `${tmp.dir}/smtp-sink`;
const events = collector();

beforeAll(async () => {
  const port = await freePort();
  sinkA = await startSink({ host: "127.0.0.2", port });
  sinkB = await startSink({ host: "127.0.0.3", port });
  mkdirSync(dumpDir);
  postfixSink = await startSmtpSink("127.0.0.4", port, ["-d", `${dumpDir}/`]);
  dns = await startDnsmasq({
    mx: [["alpha.test", "mx.alpha.test", 10], ["beta.test", "mx1.beta.test", 10], ["beta.test", "mx2.beta.test", 20], ["gamma.test", "mx.gamma.test", 5]],
    a: [["mx.alpha.test", "127.0.0.2"], ["mx1.beta.test", "127.0.0.9"], ["mx2.beta.test", "127.0.0.3"], ["mx.gamma.test", "127.0.0.4"]],
  });
  mta = createMta({
    spoolPath: `${tmp.dir}/spool.sqlite`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: "x".repeat(40),
    signingKeys: { keysFor: (_t, d) => (d === "sender.test" ? [rsa.key, ed.key] : []) },
    events,
    resolver: createDnsResolver({ servers: [dns.server], timeoutMs: 2000 }),
    port,
    timeouts: { connectMs: 1000, greetingMs: 2000, socketMs: 3000 },
    logger: { info() {}, warn() {}, error() {} },
  });
  await mta.start();
});

afterAll(async () => {
  await mta?.stop({ timeoutMs: 2000 });
  await sinkA?.close();
  await sinkB?.close();
  postfixSink?.kill();
  dns?.stop();
  tmp.cleanup();
});

test("delivers through dnsmasq-resolved MX, falls back to the next MX, DKIM verifies with python3-dkim", async () => {
  const batch = Array.from({ length: 20 }, (_, i) => {
    const to = i % 2 ? `user${i}@alpha.test` : `user${i}@beta.test`;
    return { id: `m${i}`, tenant: "t1", from: "news@sender.test", to, raw: message("news@sender.test", to, `Hello ${i}`, `Body ${i}  with  spaces \r\n\r\n\r\n`) };
  });
  const res = await mta.enqueue(batch);
  expect(res).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
  expect((await mta.enqueue(batch.slice(0, 5))).duplicates).toBe(5);
  await events.waitFor((e) => e.filter((x) => x.type === "delivered").length === 20);
  expect(sinkA.received.length).toBe(10);
  expect(sinkB.received.length).toBe(10); // mx1.beta.test (127.0.0.9) refuses: fallback to mx2
  const delivered = events.events.filter((e) => e.type === "delivered");
  expect(delivered.every((e) => e.tenant === "t1" && e.attempt === 1 && e.reply?.code === 250)).toBe(true);
  expect(new Set(delivered.map((e) => e.mx))).toEqual(new Set(["mx.alpha.test", "mx2.beta.test"]));
  const all = [...sinkA.received, ...sinkB.received];
  expect(all.every((r) => /^bounce\+[0-9a-z]+\+[A-Za-z0-9_-]{12}@bounces\.sender\.test$/.test(r.from))).toBe(true);
  const txt = { "s2048._domainkey.sender.test": `v=DKIM1; k=rsa; p=${rsa.publicB64}`, "ed1._domainkey.sender.test": `v=DKIM1; k=ed25519; p=${ed.publicB64}` };
  const verdicts = await verifyDkim(all.map((r) => r.data), txt);
  expect(verdicts).toEqual(all.map(() => true));
  const tampered = Buffer.from(all[0]!.data.toString("latin1").replace("Body", "B0dy"), "latin1");
  expect(await verifyDkim([tampered], txt)).toEqual([false]);
});

test("Postfix's smtp-sink as receiving MX: messages arrive with our EHLO and valid DKIM", async () => {
  const batch = Array.from({ length: 6 }, (_, i) => ({ id: `g${i}`, tenant: "t1", from: "news@sender.test", to: `g${i}@gamma.test`, raw: message("news@sender.test", `g${i}@gamma.test`, `Gamma ${i}`, `<p>html-ish body ${i}</p>\r\n.dot line\r\n`) }));
  await mta.enqueue(batch);
  await events.waitFor((e) => e.filter((x) => x.type === "delivered" && x.mx === "mx.gamma.test").length === 6);
  for (let i = 0; i < 50 && readdirSync(dumpDir).length < 6; i++) await Bun.sleep(20);
  const dumps = readdirSync(dumpDir).map((f) => readFileSync(`${dumpDir}/${f}`));
  expect(dumps.length).toBe(6);
  expect(dumps.every((d) => d.toString("latin1").includes("X-Helo-Args: mta.sender.test"))).toBe(true);
  const txt = { "s2048._domainkey.sender.test": `v=DKIM1; k=rsa; p=${rsa.publicB64}`, "ed1._domainkey.sender.test": `v=DKIM1; k=ed25519; p=${ed.publicB64}` };
  expect(await verifyDkim(dumps, txt)).toEqual(dumps.map(() => true));
});

/**
 * MTA benchmark: N distinct ~20 KB messages to 200 recipient domains, DKIM-signed (RSA-2048),
 * shaping unlimited, delivered to Postfix's smtp-sink on loopback (MX answers from dnsmasq).
 * Measures first enqueue -> last `delivered` event. Last line: `mta: N messages/s`.
 *   bun scripts/bench/mta.ts [--count 100000] [--raw] [--connections 32]
 */
import { spawn } from "bun";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDnsResolver, createMta, DEFAULT_SHAPING, unlimitedProfile, type EnqueueItem, type MtaEvent } from "../../mta/index.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const COUNT = Number(arg("count", "100000"));
const RAW = process.argv.includes("--raw");
const CONNECTIONS = Number(arg("connections", "32"));
const DOMAINS = 200;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, "127.0.0.1", () => (s.end(), r(true)));
      s.on("error", () => r(false));
    });
    if (ok) return;
    await Bun.sleep(50);
  }
  throw new Error(`nothing listens on ${port}`);
}

const filler = Array.from({ length: 260 }, (_, i) => `<p>Line ${i} of the newsletter body with enough text to make it look like real HTML.</p>`).join("\r\n");

function compose(n: number): string {
  const d = n % DOMAINS;
  return `From: Bench <news@sender.bench>\r\nTo: <user${n}@d${d}.bench>\r\nSubject: Issue ${n}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${n}.bench@sender.bench>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nList-Unsubscribe: <https://sender.bench/u/${n}>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n<html><body><h1>Hello user ${n}</h1>\r\n${filler}\r\n<p>Unique ${n} ${crypto.randomUUID()}</p></body></html>\r\n`;
}

const tmp = mkdtempSync(join(tmpdir(), "mta-bench-"));
const sinkPort = await freePort();
const sink = spawn(["/usr/sbin/smtp-sink", "-u", "root", `127.0.0.1:${sinkPort}`, "4096"], { stdout: "ignore", stderr: "ignore" });
const dnsPort = await freePort();
const dnsArgs = ["/usr/sbin/dnsmasq", `--port=${dnsPort}`, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--keep-in-foreground", "--user=root", "--pid-file=", "--host-record=mx.sink.bench,127.0.0.1"];
for (let d = 0; d < DOMAINS; d++) dnsArgs.push(`--mx-host=d${d}.bench,mx.sink.bench,10`);
const dns = spawn(dnsArgs, { stdout: "ignore", stderr: "ignore" });
await waitPort(sinkPort);
await Bun.sleep(300);

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
let delivered = 0;
let other = 0;
let lastAt = 0;
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const mta = createMta({
  spoolPath: join(tmp, "spool.sqlite"),
  ehlo: "mta.sender.bench",
  bounceDomain: "bounces.sender.bench",
  verpSecret: "bench-secret-bench-secret-bench-secret!",
  signingKeys: { keysFor: () => process.env.NOSIGN ? [] : [{ domain: "sender.bench", selector: "s1", algorithm: "rsa", privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string }] },
  composer: { compose: (r) => compose(r.n as number) },
  events: {
    emit(batch: MtaEvent[]) {
      for (const e of batch) e.type === "delivered" ? delivered++ : other++;
      lastAt = performance.now();
    },
  },
  resolver: createDnsResolver({ servers: [`127.0.0.1:${dnsPort}`] }),
  port: sinkPort,
  shaping: [unlimitedProfile("other", CONNECTIONS), ...DEFAULT_SHAPING.filter((p) => p.name !== "other")],
  maxInFlight: 1000,
  signingThreads: Number(process.env.SIGN_THREADS ?? 0) || undefined,
  mtaSts: false,
  logger: { info() {}, warn: (m, d) => console.warn(m, d), error: (m, d) => console.error(m, d) },
});
await mta.start();

const t0 = performance.now();
const dbg = process.env.DEBUG_BENCH ? setInterval(() => console.log(JSON.stringify(mta.metrics().lanes), mta.metrics().inflight, delivered), 1000) : null;
for (let i = 0; i < COUNT; i += 1000) {
  const batch: EnqueueItem[] = [];
  for (let n = i; n < Math.min(COUNT, i + 1000); n++) {
    const to = `user${n}@d${n % DOMAINS}.bench`;
    batch.push(RAW ? { id: `b${n}`, tenant: "bench", from: "news@sender.bench", to, raw: compose(n), pool: "campaign" } : { id: `b${n}`, tenant: "bench", from: "news@sender.bench", to, recipe: { kind: "bench", n }, pool: "campaign" });
  }
  await mta.enqueue(batch);
}
const tEnq = performance.now();
while (delivered + other < COUNT) await Bun.sleep(20);
const seconds = (lastAt - t0) / 1000;
clearInterval(rssTimer);
if (dbg) clearInterval(dbg);
const cpu = process.cpuUsage();
const backend = mta.metrics().dkimBackend;
await mta.stop();
sink.kill();
dns.kill();
rmSync(tmp, { recursive: true, force: true });
console.log(`messages: ${COUNT} (${RAW ? "raw bytes" : "recipes composed at delivery"}), delivered ${delivered}, other outcomes ${other}`);
console.log(`enqueue finished after ${((tEnq - t0) / 1000).toFixed(2)} s; last delivered event after ${seconds.toFixed(2)} s`);
console.log(`DKIM ${process.env.NOSIGN ? "off" : `RSA-2048 via ${backend}`}; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${((cpu.user + cpu.system) / 1000 / COUNT).toFixed(2)} ms/message, all threads); peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
console.log(`mta: ${Math.round(delivered / seconds)} messages/s`);

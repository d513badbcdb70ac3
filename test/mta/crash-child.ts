/** Child process of the crash test: runs the engine until the spool is empty (or it is killed). */
import { createMta, DEFAULT_SHAPING, unlimitedProfile, type EnqueueItem } from "../../mta/index.ts";

const [spoolPath, port, count] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const mta = createMta({
  spoolPath,
  ehlo: "mta.sender.test",
  bounceDomain: "bounces.sender.test",
  verpSecret: "crash-test-secret-crash-test-secret!!",
  signingKeys: { keysFor: () => [] },
  events: { emit() {} },
  resolver: { mx: async () => [{ exchange: "mx.sink.test", priority: 10 }], a: async () => ["127.0.0.1"], txt: async () => [] },
  port,
  shaping: [unlimitedProfile("other", 16), ...DEFAULT_SHAPING.filter((p) => p.name !== "other")],
  maxInFlight: 400,
  mtaSts: false,
  durability: "full",
  logger: { info() {}, warn() {}, error: (m, d) => console.error(m, d) },
});
await mta.start();
for (let i = 0; i < count; i += 1000) {
  const batch: EnqueueItem[] = [];
  for (let n = i; n < Math.min(count, i + 1000); n++) {
    batch.push({ id: `c${n}`, tenant: "t", from: "a@sender.test", to: `u${n}@d${n % 50}.test`, raw: `From: a@sender.test\r\nTo: u${n}@d${n % 50}.test\r\nSubject: crash ${n}\r\n\r\nbody ${n}\r\n` });
  }
  await mta.enqueue(batch); // idempotent: a restarted child enqueues the same ids again
}
console.log("enqueued");
if (process.env.DEBUG_LANES) setInterval(() => console.log(JSON.stringify(mta.metrics().lanes), mta.metrics().inflight, JSON.stringify(mta.stats().byState)), 1000);
for (;;) {
  const s = mta.stats().byState;
  if (!s.queued && !s.deferred && !s.inflight) break;
  await Bun.sleep(50);
}
await mta.stop();
console.log("done");
process.exit(0);

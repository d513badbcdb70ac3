import { afterAll, expect, test } from "bun:test";
import { createMta, type MtaEvent, type MtaOptions } from "../../mta/index.ts";
import { freePort, message, startSink, tempDir, zoneResolver } from "./helpers.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test("events are durable: a failing sink gets them again, and a restart hands over what was left", async () => {
  const port = await freePort();
  const sink = await startSink({ port });
  let failing = true;
  const got: MtaEvent[] = [];
  const opts = (events: MtaOptions["events"]): MtaOptions => ({
    spoolPath: `${tmp.dir}/events.sqlite`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: "e".repeat(40),
    signingKeys: { keysFor: () => [] },
    events,
    resolver: zoneResolver({ mx: { "ok.test": [{ exchange: "mx.ok.test", priority: 10 }] }, a: { "mx.ok.test": ["127.0.0.1"] } }),
    port,
    mtaSts: false,
    logger: { info() {}, warn() {}, error() {} },
  });
  const first = createMta(opts({ emit: () => { throw new Error("app database is locked"); } }));
  await first.start();
  await first.enqueue(Array.from({ length: 30 }, (_, i) => ({ id: `e${i}`, tenant: "t", from: "a@sender.test", to: `u${i}@ok.test`, raw: message("a@sender.test", `u${i}@ok.test`, "e") })));
  for (let i = 0; i < 100 && sink.received.length < 30; i++) await Bun.sleep(50);
  expect(sink.received.length).toBe(30);
  for (let i = 0; i < 100 && first.health().eventsPending < 30; i++) await Bun.sleep(20);
  expect(first.health().eventsPending).toBe(30);
  await first.stop();
  const second = createMta(opts({ emit: (batch) => { if (failing) { failing = false; throw new Error("once more"); } got.push(...batch); } }));
  await second.start();
  for (let i = 0; i < 100 && got.length < 30; i++) await Bun.sleep(50);
  expect(got.length).toBe(30);
  expect(new Set(got.map((e) => e.eventId)).size).toBe(30);
  expect(got.every((e) => e.type === "delivered")).toBe(true);
  await second.enqueue([{ id: "late", tenant: "t", from: "a@sender.test", to: "late@ok.test", raw: message("a@sender.test", "late@ok.test", "l") }]);
  for (let i = 0; i < 100 && got.length < 31; i++) await Bun.sleep(20);
  expect(got.at(-1)).toMatchObject({ messageId: "late", type: "delivered" });
  for (let i = 0; i < 50 && second.health().eventsPending > 0; i++) await Bun.sleep(20);
  expect(second.health().eventsPending).toBe(0);
  await second.stop();
  await sink.close();
}, 30_000);

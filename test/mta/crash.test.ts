import { afterAll, expect, test } from "bun:test";
import { spawn } from "bun";
import { join } from "node:path";
import { freePort, startSink, tempDir } from "./helpers.ts";

const COUNT = 10_000;
/** The documented duplicate window (mta/README.md): receiver's 250 -> our commit, plus slack for a busy 2-core box. */
const WINDOW_MS = 300;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

test("kill -9 at random points during a 10,000-message run: nothing lost, duplicates only inside the window", async () => {
  const port = await freePort();
  const sink = await startSink({ port });
  const child = join(import.meta.dir, "crash-child.ts");
  const spool = join(tmp.dir, "spool.sqlite");
  const kills: number[] = [];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 4; i++) {
    const p = spawn(["bun", child, spool, String(port), String(COUNT)], { stdout: "ignore", stderr: "inherit" });
    await Bun.sleep(300 + Math.floor(rand() * 1200));
    kills.push(Date.now());
    p.kill(9);
    await p.exited;
  }
  const last = spawn(["bun", child, spool, String(port), String(COUNT)], { stdout: "pipe", stderr: "inherit" });
  const out = await new Response(last.stdout).text();
  expect(out).toContain("done");
  await sink.close();

  const seen = new Map<number, number[]>();
  for (const r of sink.received) {
    const n = Number(/Subject: crash (\d+)/.exec(r.data.toString("latin1"))![1]);
    seen.set(n, [...(seen.get(n) ?? []), r.at]);
  }
  const missing = Array.from({ length: COUNT }, (_, n) => n).filter((n) => !seen.has(n));
  expect(missing).toEqual([]);
  const dups = [...seen.entries()].filter(([, times]) => times.length > 1);
  // A duplicate is expected when the receiver accepted the first copy close to a kill: just before it (our
  // commit had not happened yet) or just after it (the whole message was on the wire, the 250 never came back).
  const outside = dups.filter(([, times]) => !kills.some((k) => Math.abs(k - times[0]!) <= WINDOW_MS));
  const gaps = dups.map(([, t]) => Math.min(...kills.map((k) => Math.abs(k - t[0]!))));
  console.log(`received ${sink.received.length}, duplicates ${dups.length} across ${kills.length} kills, widest gap accept->kill ${Math.max(0, ...gaps)} ms`);
  expect(outside).toEqual([]);
  expect(dups.length).toBeLessThanOrEqual(kills.length * 400);
}, 120_000);

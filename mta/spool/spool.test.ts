import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GroupCommit } from "./group-commit.ts";
import { openSpoolDb, Spool, type SpoolMessage } from "./spool.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function open() {
  const dir = mkdtempSync(join(tmpdir(), "spool-"));
  dirs.push(dir);
  return { path: join(dir, "s.sqlite"), spool: new Spool(openSpoolDb(join(dir, "s.sqlite"), "full")) };
}
const msg = (id: string, rcpts = ["a@x.test"]): SpoolMessage => ({ id, tenant: "t", sender: "s@y.test", pool: "campaign", raw: "From: s@y.test\r\n\r\nhi\r\n", recipe: null, createdAt: 1, expiresAt: 1e15, rcpts });

test("group commit: many writes, one transaction, run() resolves after commit", async () => {
  const { spool } = open();
  const w = new GroupCommit(spool.db, 5, () => {});
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => w.run(() => spool.insertMessage(msg(`m${i}`), 1))));
  expect(results.every(Boolean)).toBe(true);
  expect(w.commits).toBe(1);
  expect(await w.run(() => spool.insertMessage(msg("m1"), 1))).toBe(false); // idempotent by id
  expect(spool.stats(0).byState).toEqual({ queued: 300 });
});

test("claim marks in flight; recovery after a crash makes them due again", () => {
  const { path, spool } = open();
  spool.db.transaction(() => ["a", "b", "c"].forEach((id) => spool.insertMessage(msg(id, ["r1@x.test", "r2@z.test"]), 1)))();
  const due = spool.claimDue(10, 4);
  expect(due.length).toBe(4);
  expect(spool.claimDue(10, 10).length).toBe(2);
  expect(spool.stats(0).byState).toEqual({ inflight: 6 });
  spool.close(); // the process dies here
  const again = new Spool(openSpoolDb(path, "full"));
  expect(again.recoverInflight(20)).toBe(6);
  expect(again.claimDue(20, 100).length).toBe(6);
});

test("outcome, event and body release are one write", () => {
  const { spool } = open();
  spool.insertMessage(msg("m", ["r@x.test"]), 1);
  const [d] = spool.claimDue(5, 1);
  spool.applyOutcome({ rid: d!.rid, messageId: "m", state: "delivered", attempts: 1, nextAt: 6, code: 250, status: "2.0.0", text: "ok", cls: "delivered", mx: "mx", ip: null, hasRaw: true, event: { eventId: "e", type: "delivered", at: 6, tenant: "t", messageId: "m", recipient: "r@x.test", attempt: 1, egressIp: null, mx: "mx", reply: null, class: "delivered", reason: "delivered" } }, 6);
  expect(spool.loadMessage("m")).toEqual({ raw: null, recipe: null }); // body dropped once all recipients are done
  expect(spool.pendingEvents(0, 10).map((e) => e.event.eventId)).toEqual(["e"]);
  expect(spool.list({ messageId: "m" })[0]).toMatchObject({ state: "delivered", attempts: 1, lastReply: "250 2.0.0 ok" });
  expect(spool.delivery(d!.rid)).toMatchObject({ messageId: "m", rcpt: "r@x.test", tenant: "t" });
});

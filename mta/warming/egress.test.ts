import { describe, expect, test } from "bun:test";
import { DEFAULT_WARMING, Egress } from "./egress.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 0, 0, 0);

function egress(t: { now: number }, warmup = true) {
  const e = new Egress(DEFAULT_WARMING, "mta.example.test", () => t.now);
  e.load([{ ip: "192.0.2.1", pools: ["transactional", "campaign"], warmup }], null);
  return e;
}

describe("warming caps", () => {
  test("day 1 cap of 50 per IP, then defer within [60 s, 1 h]", () => {
    const t = { now: T0 + 12 * 3600_000 };
    const e = egress(t);
    for (let i = 0; i < 50; i++) expect(e.choose("transactional", "other")).toEqual({ ip: "192.0.2.1", ehlo: "mta.example.test" });
    const c = e.choose("transactional", "other");
    expect("deferUntil" in c && c.deferUntil - t.now).toBe(3600_000);
  });
  test("campaign keeps a transactional reserve and follows intraday pacing", () => {
    const t = { now: T0 };
    const e = egress(t);
    e.warmup("192.0.2.1", { day: 14 }); // cap 7,500
    let sent = 0;
    while (!("deferUntil" in e.choose("campaign", "other"))) sent++;
    expect(sent).toBe(Math.ceil(6000 * 0.1)); // 10 % of the 6,000 campaign ceiling at the start of the day
    expect("ip" in e.choose("transactional", "other")).toBe(true); // transactional is not paced
    t.now = T0 + DAY - 1000;
    let more = 0;
    while (!("deferUntil" in e.choose("campaign", "other"))) more++;
    expect(sent + more).toBeLessThanOrEqual(6000);
  });
  test("per-provider multiplier limits one provider only", () => {
    const t = { now: T0 + 3600_000 };
    const e = egress(t);
    e.warmup("192.0.2.1", { day: 10 }); // cap 3,000
    (e.snapshot()[0]!.multipliers as Record<string, number>).gmail = 0.1;
    let gmail = 0;
    while (!("deferUntil" in e.choose("transactional", "gmail"))) gmail++;
    expect(gmail).toBe(300);
    expect("ip" in e.choose("transactional", "microsoft")).toBe(true);
  });
  test("graduated IPs are uncapped; no IPs configured means the default source", () => {
    const t = { now: T0 };
    const e = egress(t, false);
    for (let i = 0; i < 100_000; i++) if (!("ip" in e.choose("campaign", "other"))) throw new Error("capped");
    const none = new Egress(DEFAULT_WARMING, "mta.example.test", () => t.now);
    expect(none.choose("campaign", "other")).toEqual({ ip: null, ehlo: "mta.example.test" });
  });
});

describe("daily evaluation on the previous full day (§9.2)", () => {
  function dayWith(e: Egress, t: { now: number }, sent: number, bounced: number, deferred: number) {
    for (let i = 0; i < sent; i++) e.choose("transactional", "other");
    for (let i = 0; i < bounced; i++) e.record("192.0.2.1", "other", "bounced");
    for (let i = 0; i < deferred; i++) e.record("192.0.2.1", "other", "deferred");
    t.now += DAY;
    e.rollover();
  }
  test("clean full day accelerates, bad day halts (hold), a clean day after hold resumes", () => {
    const t = { now: T0 + 3600_000 };
    const e = egress(t);
    e.warmup("192.0.2.1", { day: 4 }); // cap 200
    dayWith(e, t, 200, 0, 0);
    expect(e.list()[0]).toMatchObject({ day: 6, phase: "warming" }); // max(5, floor(4*1.5))
    dayWith(e, t, 100, 10, 0);
    expect(e.list()[0]).toMatchObject({ day: 6, phase: "hold" });
    dayWith(e, t, 100, 0, 0);
    expect(e.list()[0]).toMatchObject({ day: 7, phase: "warming" });
    dayWith(e, t, 100, 4, 0);
    expect(e.list()[0]).toMatchObject({ day: 3 }); // slow down: half the day
  });
  test("a day without sends does not advance", () => {
    const t = { now: T0 };
    const e = egress(t);
    t.now += 3 * DAY;
    e.rollover();
    expect(e.list()[0]!.day).toBe(1);
  });
});

import { describe, expect, test } from "bun:test";
import { Throttle } from "../smtp/throttle.ts";
import { DEFAULT_SHAPING, profileFor, unlimitedProfile, validateProfile } from "./profiles.ts";

const gmail = DEFAULT_SHAPING.find((p) => p.name === "gmail")!;

describe("profiles as data", () => {
  test("provider by MX host suffix; mixed or unknown sets are other", () => {
    expect(profileFor(DEFAULT_SHAPING, ["gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"]).name).toBe("gmail");
    expect(profileFor(DEFAULT_SHAPING, ["aspmx.l.google.com"]).name).toBe("gmail"); // Workspace domain
    expect(profileFor(DEFAULT_SHAPING, ["example-com.mail.protection.outlook.com"]).name).toBe("microsoft");
    expect(profileFor(DEFAULT_SHAPING, ["mta5.am0.yahoodns.net"]).name).toBe("yahoo");
    expect(profileFor(DEFAULT_SHAPING, ["mx01.mail.icloud.com"]).name).toBe("apple");
    expect(profileFor(DEFAULT_SHAPING, ["aspmx.l.google.com", "mx.other.test"]).name).toBe("other");
    expect(profileFor(DEFAULT_SHAPING, ["notgoogle.com"]).name).toBe("other");
  });
  test("every default profile validates; bad edits name the field", () => {
    for (const p of DEFAULT_SHAPING) expect(validateProfile(p)).toBeNull();
    expect(validateProfile({ ...gmail, rate: { initial: 500, floor: 5, ceiling: 300 } })).toMatch(/gmail\.rate/);
    expect(validateProfile({ ...gmail, maxConnections: 0 })).toMatch(/maxConnections/);
    expect(validateProfile({ ...gmail, rules: [{ pattern: "(", action: "suspend", minutes: 1 }] })).toMatch(/rules\[0\]\.pattern/);
    expect(validateProfile({ ...gmail, backoff: 1.5 })).toMatch(/backoff/);
  });
});

describe("adaptive throttle", () => {
  test("rate limits, slows down on 4xx, recovers after successes, never below floor", () => {
    let t = 0;
    const th = new Throttle({ ...gmail, rate: { initial: 60, floor: 10, ceiling: 120 }, recoverAfter: 5 }, () => t);
    expect(th.admit(0)).toEqual({ ok: true, waitMs: 0 }); // burst of rate/12 = 5
    for (let i = 0; i < 4; i++) th.admit(0);
    const denied = th.admit(0);
    expect(denied.ok).toBe(false);
    expect(th.admit(1000)).toEqual({ ok: true, waitMs: 1000 }); // 1/s at 60/min
    th.onTemporary("rate_limited", { code: 421, enhanced: "4.7.0", text: "slow down" });
    expect(th.rate).toBe(30);
    th.onTemporary("greylist", { code: 450, enhanced: null, text: "greylisted" });
    expect(th.rate).toBe(30); // greylisting is not a slow-down signal
    th.onTemporary("mailbox_full", { code: 452, enhanced: "4.2.2", text: "full" });
    expect(th.rate).toBe(30); // nor is a full mailbox (§9.6)
    for (let i = 0; i < 5; i++) th.onDelivered();
    expect(th.rate).toBeCloseTo(33, 5);
    for (let i = 0; i < 10; i++) th.onTemporary("rate_limited", null);
    expect(th.rate).toBe(10);
    t += 3600_000;
  });
  test("Gmail 4.7.28 suspends the lane for 30 minutes; throttle rules cap the rate", () => {
    let t = 1000;
    const th = new Throttle(gmail, () => t);
    const rule = th.onTemporary("rate_limited", { code: 421, enhanced: "4.7.28", text: "Our system has detected an unusual rate of unsolicited mail" });
    expect(rule?.action).toBe("suspend");
    expect(th.suspendedUntil).toBe(1000 + 30 * 60_000);
    expect(th.admit(60_000)).toMatchObject({ ok: false, retryAt: 1000 + 30 * 60_000 });
    t = th.suspendedUntil + 1;
    expect(th.admit(60_000).ok).toBe(true);
    th.onPermanent({ code: 550, enhanced: "5.7.1", text: "Our system has detected that this message is likely unsolicited" });
    expect(th.effectiveRate()).toBe(10);
  });
  test("unlimited profile never waits", () => {
    const th = new Throttle(unlimitedProfile(), () => 0);
    for (let i = 0; i < 10_000; i++) expect(th.admit(0)).toEqual({ ok: true, waitMs: 0 });
  });
});

import { describe, expect, test } from "bun:test";
import { decide, retryHint } from "./outcome.ts";
import { DEFAULT_RETRY, retryDelay } from "./retry.ts";
import { classifyStatus } from "./status.ts";

const reply = (code: number, enhanced: string | null, text: string) => ({ ok: false as const, phase: "rcpt" as const, reply: { code, enhanced, text }, detail: "" });

describe("classifyStatus: enhanced code first, then text", () => {
  const cases: [number | null, string | null, string, string, string][] = [
    [550, "5.1.1", "user unknown", "hard", "user_unknown"],
    [550, "5.1.1", "spam detected", "hard", "user_unknown"], // the code wins over the text
    [552, "5.2.2", "Mailbox full", "soft", "mailbox_full"],
    [554, "5.7.1", "blocked using zen.spamhaus.org", "block", "blocked"],
    [550, "5.7.1", "Message rejected as spam", "block", "spam"],
    [550, "5.7.26", "Unauthenticated email is not accepted (DMARC)", "block", "policy"],
    [552, "5.3.4", "Message size exceeds fixed limit", "hard", "message_too_large"],
    [550, null, "No such user here", "hard", "user_unknown"],
    [451, "4.7.1", "Please try again later", "soft", "rate_limited"],
    [450, "4.7.1", "blocked using zen.spamhaus.org", "soft", "blocked"], // 4xx is never hard (§9.6)
    [550, "5.1.10", "RESOLVER.ADR.RecipientNotFound", "hard", "user_unknown"],
    [556, "5.1.10", "domain has null MX", "hard", "null_mx"],
  ];
  for (const [code, enh, text, cls, reason] of cases) {
    test(`${code} ${enh} ${text}`, () => {
      const v = classifyStatus(code, enh, text);
      expect([v.class as string, v.reason as string]).toEqual([cls, reason]);
    });
  }
});

describe("decide: retry class per fault", () => {
  test("greylisting with a hint", () => {
    const d = decide(reply(450, "4.2.0", "Recipient address rejected: Greylisted, please try again in 300 seconds"));
    expect(d).toMatchObject({ kind: "retry", cls: "greylist", hintMs: 300_000 });
  });
  test("421 try again later = greylist", () => expect(decide(reply(421, "4.7.0", "Try again later"))).toMatchObject({ kind: "retry", cls: "greylist" }));
  test("452 too many recipients", () => expect(decide(reply(452, "4.5.3", "Too many recipients"))).toMatchObject({ kind: "retry", cls: "too_many_recipients" }));
  test("550 5.1.1 bounces hard", () => expect(decide(reply(550, "5.1.1", "User unknown"))).toEqual({ kind: "bounce", cls: "hard", reason: "user_unknown" }));
  test("552 mailbox full is retried, not bounced", () => expect(decide(reply(552, "5.2.2", "Mailbox full"))).toMatchObject({ kind: "retry", cls: "mailbox_full" }));
  test("554 5.7.1 block", () => expect(decide(reply(554, "5.7.1", "Service unavailable; client host blocked"))).toMatchObject({ kind: "bounce", cls: "block" }));
  test("421 4.7.28 Gmail rate", () => expect(decide(reply(421, "4.7.28", "unusual rate of unsolicited mail"))).toMatchObject({ kind: "retry", cls: "rate_limited" }));
  test("connection refused", () => expect(decide({ ok: false, phase: "connect", reply: null, detail: "ECONNREFUSED" })).toMatchObject({ kind: "retry", cls: "connection" }));
  test("STARTTLS refused with a 5xx is still a TLS retry", () => expect(decide({ ok: false, phase: "tls", reply: { code: 502, enhanced: "5.5.1", text: "unrecognized command" }, detail: "" })).toMatchObject({ kind: "retry", cls: "tls_unavailable" }));
  test("NXDOMAIN and null MX bounce hard", () => {
    expect(decide({ ok: false, phase: "dns", reply: null, detail: "NXDOMAIN", permanent: true })).toMatchObject({ kind: "bounce", cls: "hard", reason: "domain_not_found" });
    expect(decide({ ok: false, phase: "dns", reply: null, detail: "null MX", permanent: true })).toMatchObject({ kind: "bounce", reason: "null_mx" });
  });
  test("a DNS timeout is retried", () => expect(decide({ ok: false, phase: "dns", reply: null, detail: "timed out" })).toMatchObject({ kind: "retry", cls: "dns", local: true }));
  test("a broken composed message fails without being a bounce", () => expect(decide({ ok: false, phase: "local", reply: null, detail: "bad header", permanent: true })).toMatchObject({ kind: "fail" }));
});

describe("retry table", () => {
  const mid = () => 0.5;
  test("delays by attempt, last repeats, jitter bounds, cap", () => {
    expect(retryDelay(DEFAULT_RETRY, "greylist", 1, mid)).toBe(120_000);
    expect(retryDelay(DEFAULT_RETRY, "greylist", 99, mid)).toBe(3_600_000);
    expect(retryDelay(DEFAULT_RETRY, "connection", 1, () => 0)).toBe(51_000);
    expect(retryDelay(DEFAULT_RETRY, "connection", 1, () => 1)).toBe(69_000);
    expect(retryDelay({ ...DEFAULT_RETRY, capMs: 1000 }, "mailbox_full", 1, mid)).toBe(1000);
  });
  test("a greylist hint is honoured on the first retry, at least 30 s", () => {
    expect(retryDelay(DEFAULT_RETRY, "greylist", 1, mid, 300_000)).toBe(300_000);
    expect(retryDelay(DEFAULT_RETRY, "greylist", 1, mid, 5_000)).toBe(30_000);
  });
  test("retryHint parses seconds and minutes", () => {
    expect(retryHint("try again in 5 minutes")).toBe(300_000);
    expect(retryHint("wait 60 s")).toBe(60_000);
    expect(retryHint("nothing")).toBeUndefined();
  });
});

import type { SmtpReply } from "../types.ts";
import { classifyStatus, type BounceClass, type Reason } from "./status.ts";

/** Where an attempt stopped. "local" failures are our own (never counted against reputation). */
export type Phase = "dns" | "connect" | "tls" | "greeting" | "ehlo" | "auth" | "mail" | "rcpt" | "data" | "message" | "dkim" | "compose" | "local";

export type AttemptResult =
  | { ok: true; reply: SmtpReply }
  | { ok: false; phase: Phase; reply: SmtpReply | null; detail: string; permanent?: boolean };

export type Decision =
  | { kind: "delivered"; reason: "delivered" }
  | { kind: "retry"; cls: string; reason: Reason | string; hintMs?: number; local: boolean }
  | { kind: "bounce"; cls: BounceClass; reason: Reason | string }
  /** Our side cannot produce the message (not the recipient's fault): no suppression. */
  | { kind: "fail"; reason: string; detail: string };

const HINT = /(?:in|after|wait)\s+(\d{1,5})\s*(s|sec|secs|seconds?|m|min|mins|minutes?)\b/i;

export function retryHint(text: string): number | undefined {
  const m = HINT.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return /^m/i.test(m[2]!) ? n * 60_000 : n * 1000;
}

function temporaryClass(reason: Reason, text: string): string {
  switch (reason) {
    case "greylisted":
      return "greylist";
    case "rate_limited":
      return /try (again )?later|please retry/i.test(text) && !/rate|too many|throttl|unusual|TS0|exceeded/i.test(text) ? "greylist" : "rate_limited";
    case "mailbox_full":
      return "mailbox_full";
    case "too_many_recipients":
      return "too_many_recipients";
    case "connection":
      return "connection";
    default:
      return "temp_other";
  }
}

/** SMTP reply or transport failure -> delivered, retry (with a retry class) or bounce. */
export function decide(result: AttemptResult): Decision {
  if (result.ok) return { kind: "delivered", reason: "delivered" };
  const { reply, phase } = result;
  if (phase === "dkim") return { kind: "retry", cls: "dkim_key", reason: "dkim_key_invalid", local: true };
  if (phase === "auth") return { kind: "retry", cls: "auth", reason: "smarthost_auth_failed", local: true };
  if (phase === "compose" || phase === "local") {
    return result.permanent ? { kind: "fail", reason: phase === "compose" ? "compose_failed" : "invalid_message", detail: result.detail } : { kind: "retry", cls: "compose", reason: "compose_failed", local: true };
  }
  if (phase === "dns") return result.permanent ? { kind: "bounce", cls: "hard", reason: result.detail.includes("null MX") ? "null_mx" : "domain_not_found" } : { kind: "retry", cls: "dns", reason: "dns", local: true };
  if (phase === "tls") return { kind: "retry", cls: "tls_unavailable", reason: "tls", local: false };
  if (!reply || reply.code === null) {
    return { kind: "retry", cls: "connection", reason: "connection", local: false };
  }
  const text = `${reply.enhanced ?? ""} ${reply.text}`;
  const v = classifyStatus(reply.code, reply.enhanced, text);
  if (v.permanent && v.reason !== "mailbox_full") return { kind: "bounce", cls: v.class, reason: v.reason };
  const cls = temporaryClass(v.reason, text);
  return { kind: "retry", cls, reason: v.reason, hintMs: cls === "greylist" ? retryHint(text) : undefined, local: false };
}

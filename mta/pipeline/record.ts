import { decide, type AttemptResult } from "../classify/outcome.ts";
import { retryDelay } from "../classify/retry.ts";
import type { Throttle } from "../smtp/throttle.ts";
import type { Outcome } from "../spool/spool.ts";
import type { DeliveryState } from "../spool/schema.ts";
import type { EventType, MtaEvent, SmtpReply } from "../types.ts";
import type { DueDelivery } from "../spool/spool.ts";
import type { EngineContext } from "./context.ts";

export interface Attempt {
  d: DueDelivery;
  attempt: number;
  ip: string | null;
  mx: string | null;
  provider: string;
}

/** Retry classes that are ours or the network's, not the recipient's (§9.1): no reputation effect. */
const NOT_REPUTATION = new Set(["connection", "dns", "dkim_key", "compose", "tls_unavailable", "auth"]);

function makeEvent(ctx: EngineContext, a: Attempt, type: EventType, cls: string, reason: string, reply: SmtpReply | null, extra: Partial<MtaEvent> = {}): MtaEvent {
  return { eventId: `${a.d.messageId}:${a.d.rcpt}:${a.attempt}:${type}`, type, at: extra.at ?? ctx.now(), tenant: a.d.tenant, messageId: a.d.messageId, recipient: a.d.rcpt, attempt: a.attempt, egressIp: a.ip, mx: a.mx, reply, class: cls, reason, ...extra };
}

function write(ctx: EngineContext, a: Attempt, state: DeliveryState, nextAt: number, reply: SmtpReply | null, cls: string, event: MtaEvent | null): void {
  const o: Outcome = { rid: a.d.rid, messageId: a.d.messageId, state, attempts: a.attempt, nextAt, code: reply?.code ?? null, status: reply?.enhanced ?? null, text: reply?.text ?? null, cls, mx: a.mx, ip: a.ip, event, hasRaw: !a.d.recipe };
  const now = ctx.now();
  ctx.writer.push(() => {
    const seq = ctx.spool.applyOutcome(o, now);
    if (seq && event) ctx.writer.afterCommit(() => ctx.eventCommitted(seq, event));
  });
  ctx.metrics.inc(event ? `${event.type}:${cls}` : `recorded:${cls}`);
  ctx.onRecorded();
}

function replyOf(result: AttemptResult): SmtpReply {
  if (result.ok) return result.reply;
  return result.reply ?? { code: null, enhanced: null, text: result.detail };
}

/** classify → record → reschedule for one finished attempt. */
export function recordAttempt(ctx: EngineContext, a: Attempt, result: AttemptResult, throttle?: Throttle): void {
  const decision = decide(result);
  const reply = replyOf(result);
  if (decision.kind === "delivered") {
    throttle?.onDelivered();
    return write(ctx, a, "delivered", ctx.now(), reply, "delivered", makeEvent(ctx, a, "delivered", "delivered", "delivered", reply));
  }
  if (decision.kind === "fail") return recordFailed(ctx, a, decision.reason, decision.detail);
  if (decision.kind === "bounce") {
    throttle?.onPermanent(reply);
    ctx.egress.record(a.ip, a.provider, "bounced");
    return write(ctx, a, "bounced", ctx.now(), reply, decision.cls, makeEvent(ctx, a, "bounced", decision.cls, String(decision.reason), reply, { source: "sync" }));
  }
  const rule = throttle?.onTemporary(decision.cls, reply) ?? null;
  if (!NOT_REPUTATION.has(decision.cls)) ctx.egress.record(a.ip, a.provider, "deferred");
  const delay = retryDelay(ctx.settings.retry, decision.cls, a.attempt, ctx.random, decision.hintMs);
  const now = ctx.now();
  let nextAt = now + delay;
  if (rule?.action === "suspend") nextAt = Math.max(nextAt, throttle!.suspendedUntil);
  if (nextAt >= a.d.expiresAt) return recordExpired(ctx, a, reply, `next attempt would be after expiry (${decision.cls})`, decision.cls);
  write(ctx, a, "deferred", nextAt, reply, decision.cls, makeEvent(ctx, a, "deferred", decision.cls, String(decision.reason), reply, { nextAttemptAt: nextAt, at: now }));
}

export function recordExpired(ctx: EngineContext, a: Attempt, reply: SmtpReply | null, why: string, cls = "expired"): void {
  const r = reply ?? { code: null, enhanced: "4.4.7", text: why };
  write(ctx, a, "expired", ctx.now(), r, cls, makeEvent(ctx, a, "expired", cls, "expired", r));
}

export function recordFailed(ctx: EngineContext, a: Attempt, reason: string, detail: string): void {
  const r = { code: null, enhanced: null, text: detail };
  write(ctx, a, "failed", ctx.now(), r, reason, makeEvent(ctx, a, "failed", reason, reason, r));
}

/** Back to the spool without an attempt (shaping, warming or pause gate). */
export function releaseForLater(ctx: EngineContext, a: Attempt, nextAt: number, why: string): void {
  if (nextAt >= a.d.expiresAt) return recordExpired(ctx, a, null, `held past expiry: ${why}`);
  ctx.writer.push(() => ctx.spool.release(a.d.rid, nextAt));
  ctx.metrics.inc(`held:${why.split(/[ :]/)[0]}`);
}

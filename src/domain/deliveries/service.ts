import type { Clock } from "../../lib/time";
import type { AuditService } from "../audit/service";
import type { SettingsService } from "../settings/service";
import type { TenantContext } from "../context";
import { systemActor } from "../accounts/model";
import { BREAKER, type AbuseStatus, type BreakerState, type DeliveryEvent, type OutcomeRates } from "./model";
import * as q from "./queries";

type Ctx = Pick<TenantContext, "org" | "db">;
/**
 * A product area's handler of new events: it takes the events that are its own (e.g. campaign sends)
 * and returns the rest for the next handler. Handlers run in registration order.
 */
export type DeliveryHandler = (ctx: Ctx, events: DeliveryEvent[]) => DeliveryEvent[];

const BREAKER_KEY = "deliverability.breaker";
const ABUSE_KEY = "deliverability.abuseStatus";
const SEVERITY: Record<AbuseStatus, number> = { clean: 0, warned: 1, suspended: 2, banned: 3 };

/**
 * Records the engine's events per organization (idempotent by event id), tells the product areas
 * (suppression, campaign send rows), and runs the organization circuit breaker.
 */
export function createDeliveriesService(deps: { clock: Clock; audit: AuditService; settings: SettingsService }) {
  const handlers: DeliveryHandler[] = [];
  const breakerCache = new Map<string, BreakerState>();

  const breaker = (ctx: Ctx): BreakerState => {
    let s = breakerCache.get(ctx.org.id);
    if (!s) breakerCache.set(ctx.org.id, (s = deps.settings.orgValue<BreakerState>(ctx, BREAKER_KEY) ?? { state: "closed", openedAt: null, reason: null }));
    return s;
  };
  const setBreaker = (ctx: Ctx, s: BreakerState) => {
    breakerCache.set(ctx.org.id, s);
    deps.settings.setOrgValue(ctx, BREAKER_KEY, s);
  };

  const service = {
    /** `first`: runs before the handlers already registered (specific areas before the generic fallback). */
    addHandler: (h: DeliveryHandler, opts: { first?: boolean } = {}) => void (opts.first ? handlers.unshift(h) : handlers.push(h)),

    record(ctx: Ctx, events: DeliveryEvent[]): DeliveryEvent[] {
      const fresh = q.insertNew(ctx.db, events);
      if (fresh.length) {
        let rest = fresh;
        for (const h of handlers) if (rest.length) rest = h(ctx, rest);
        service.evaluateBreaker(ctx);
      }
      return fresh;
    },

    recent: (ctx: Ctx, types: DeliveryEvent["type"][] = ["bounced", "complained"], limit = 50) => q.recentEvents(ctx.db, types, limit),
    countsSince: (ctx: Ctx, since: number) => Object.fromEntries(q.countsSince(ctx.db, since).map((r) => [r.type, r.n])) as Record<string, number>,

    rates(ctx: Ctx, window: number): OutcomeRates {
      const rows = q.lastOutcomes(ctx.db, window);
      const bounced = rows.filter((r) => r.type === "bounced" && (r.class === "hard" || r.class === "block")).length;
      const complained = rows.filter((r) => r.type === "complained").length;
      const n = rows.length || 1;
      return { outcomes: rows.length, bounced, complained, bounceRate: bounced / n, complaintRate: complained / n };
    },

    breaker,
    /** Paused while the breaker is open; after the cool-down it lets mail through again (half open). */
    isPaused(ctx: Ctx): boolean {
      const s = breaker(ctx);
      if (s.state !== "open") return false;
      if (deps.clock.now() - (s.openedAt ?? 0) < BREAKER.cooldownMs) return true;
      setBreaker(ctx, { ...s, state: "half_open" });
      return false;
    },

    evaluateBreaker(ctx: Ctx): BreakerState {
      const s = breaker(ctx);
      const over = (["bounce", "complaint"] as const).flatMap((kind) =>
        BREAKER[kind].filter((t) => {
          const r = service.rates(ctx, t.window);
          const rate = kind === "bounce" ? r.bounceRate : r.complaintRate;
          return r.outcomes >= Math.min(t.window, BREAKER.minOutcomes) && rate > t.rate;
        }).map((t) => `${kind} rate over ${(t.rate * 100).toFixed(1)}% of the last ${t.window}`),
      );
      if (over.length && s.state !== "open") {
        const next: BreakerState = { state: "open", openedAt: deps.clock.now(), reason: over[0]! };
        setBreaker(ctx, next);
        service.raiseAbuseStatus(ctx, "warned", `circuit breaker: ${next.reason}`);
        deps.audit.record({ orgId: ctx.org.id, actor: systemActor("circuit-breaker"), action: "deliverability.circuit_breaker_opened", resource: "settings", details: { reason: next.reason } });
        return next;
      }
      if (!over.length && s.state === "half_open") {
        setBreaker(ctx, { state: "closed", openedAt: null, reason: null });
        deps.audit.record({ orgId: ctx.org.id, actor: systemActor("circuit-breaker"), action: "deliverability.circuit_breaker_closed", resource: "settings" });
      }
      return breaker(ctx);
    },

    abuseStatus: (ctx: Ctx): AbuseStatus => deps.settings.orgValue<AbuseStatus>(ctx, ABUSE_KEY) ?? "clean",
    /** Automatic transitions only go up (never a downgrade); `banned` is final. */
    raiseAbuseStatus(ctx: Ctx, to: AbuseStatus, reason: string): void {
      const from = service.abuseStatus(ctx);
      if (SEVERITY[to] <= SEVERITY[from]) return;
      deps.settings.setOrgValue(ctx, ABUSE_KEY, to);
      deps.audit.record({ orgId: ctx.org.id, actor: systemActor("deliverability"), action: "abuse_status_changed", resource: "settings", details: { from, to, reason } });
    },
    /** Sending is blocked while suspended or banned (campaign pre-flight, transactional sends). */
    sendingAllowed: (ctx: Ctx) => SEVERITY[service.abuseStatus(ctx)] < SEVERITY.suspended,
  };
  return service;
}

export type DeliveriesService = ReturnType<typeof createDeliveriesService>;

import type { App } from "../../app/create-app";
import { requirePermission } from "../../domain/context";
import { DAY } from "../../lib/time";
import { DeliverabilityPage, type EngineView } from "../../../web/views/deliverability";
import type { TenantApp } from "../plugins/tenant";
import { shellOf } from "../shell";

/** The engine's state is instance-wide: shown to instance administrators only. */
function engineView(app: App): EngineView | null {
  if (app.config.mta !== "on" || !app.health.mta?.()) return null;
  const mta = app.mta();
  const stats = mta.stats();
  const m = mta.metrics();
  return {
    byState: stats.byState, byDomain: stats.byDomain.slice(0, 20), oldestQueuedAt: stats.oldestQueuedAt,
    lanes: m.lanes, ips: mta.ips.list(), counters: m.counters,
    smarthost: app.config.smtpHost ? `${app.config.smtpHost}:${app.config.smtpPort}` : null,
  };
}

/** Deliverability: the organization's bounce and complaint rates, breaker, recent bounces; the engine for operators. */
export function deliverabilityPages(t: TenantApp, app: App): void {
  t.get("/deliverability", (ctx) => {
    requirePermission(ctx.tenant, "settings:manage");
    const d = app.deliveries;
    const view = {
      abuseStatus: d.abuseStatus(ctx.tenant),
      breaker: d.breaker(ctx.tenant),
      rates: d.rates(ctx.tenant, 100),
      last30: d.countsSince(ctx.tenant, app.clock.now() - 30 * DAY),
      recent: d.recent(ctx.tenant).map((e) => ({ at: e.at, recipient: e.recipient, type: e.type, class: e.class, reason: e.reason, replyText: e.replyText })),
      engine: ctx.user!.isInstanceAdmin ? engineView(app) : null,
      mtaOn: app.config.mta === "on",
      now: app.clock.now(),
    };
    return <DeliverabilityPage shell={shellOf(ctx, "Deliverability")} view={view} />;
  });
}

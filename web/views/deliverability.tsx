import type { BreakerState, OutcomeRates } from "../../src/domain/deliveries/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Badge, Card, EmptyState, PageHeader, formatTime } from "./ui";

export interface EngineView {
  byState: Record<string, number>;
  byDomain: { domain: string; queued: number; deferred: number; inflight: number }[];
  oldestQueuedAt: number | null;
  lanes: { key: string; profile: string; connections: number; attempts: number; waiting: number; rate: number; suspendedUntil: number }[];
  ips: { ip: string; pools: string[]; phase: string; day: number; dailyCap: number | null; sentToday: number }[];
  counters: Record<string, number>;
  smarthost: string | null;
}

export interface DeliverabilityView {
  abuseStatus: string;
  breaker: BreakerState;
  rates: OutcomeRates;
  last30: Record<string, number>;
  recent: { at: number; recipient: string; type: string; class: string; reason: string; replyText: string | null }[];
  engine: EngineView | null;
  mtaOn: boolean;
  now: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function EngineSection(p: { e: EngineView; now: number }) {
  const { e } = p;
  return (
    <>
      <Card title="Queue" class="mb-5">
        <p class="mb-2 text-sm">
          {Object.entries(e.byState).length ? Object.entries(e.byState).map(([s, n]) => <span class="mr-4"><span safe>{s}</span> <strong safe>{String(n)}</strong></span>) : "Empty."}
          <span class="text-slate-500" safe>{`Oldest waiting: ${formatTime(e.oldestQueuedAt)}`}</span>
        </p>
        {e.smarthost ? <p class="mb-2 text-sm text-slate-600" safe>{`Relaying through ${e.smarthost}.`}</p> : ""}
        {e.byDomain.length ? (
          <table class="w-full text-left text-sm"><thead><tr class="border-b text-xs uppercase text-slate-500"><th class="py-1">Destination</th><th>Queued</th><th>Deferred</th><th>In flight</th></tr></thead>
            <tbody>{e.byDomain.map((d) => <tr class="border-b border-slate-100"><td class="py-1" safe>{d.domain}</td><td safe>{String(d.queued)}</td><td safe>{String(d.deferred)}</td><td safe>{String(d.inflight)}</td></tr>)}</tbody></table>
        ) : ""}
      </Card>
      <div class="mb-5 grid gap-5 lg:grid-cols-2">
        <Card title="Per-provider lanes">
          {e.lanes.length === 0 ? <p class="text-sm text-slate-500">No connections yet.</p> : (
            <table class="w-full text-left text-sm"><thead><tr class="border-b text-xs uppercase text-slate-500"><th class="py-1">Provider</th><th>Rate/min</th><th>Conns</th><th>Waiting</th><th>State</th></tr></thead>
              <tbody>{e.lanes.map((l) => (
                <tr class="border-b border-slate-100"><td class="py-1" safe>{l.profile}</td><td>{l.rate ? String(Math.round(l.rate)) : "∞"}</td><td safe>{String(l.connections)}</td><td safe>{String(l.waiting)}</td>
                  <td>{l.suspendedUntil > p.now ? <Badge tone="red"><span safe>{`suspended until ${formatTime(l.suspendedUntil)}`}</span></Badge> : <Badge tone="green">sending</Badge>}</td></tr>
              ))}</tbody></table>
          )}
        </Card>
        <Card title="Sending IPs and warming">
          {e.ips.length === 0 ? <p class="text-sm text-slate-500">The host's default address (no IPs configured: set OWLAT_SENDING_IPS or `owlat mta ips add`).</p> : (
            <table class="w-full text-left text-sm"><thead><tr class="border-b text-xs uppercase text-slate-500"><th class="py-1">IP</th><th>Phase</th><th>Day</th><th>Today</th></tr></thead>
              <tbody>{e.ips.map((ip) => (
                <tr class="border-b border-slate-100"><td class="py-1"><code safe>{ip.ip}</code><div class="text-xs text-slate-500" safe>{ip.pools.join(", ")}</div></td>
                  <td><Badge tone={ip.phase === "graduated" ? "green" : ip.phase === "hold" ? "red" : "amber"}><span safe>{ip.phase}</span></Badge></td>
                  <td safe>{String(ip.day)}</td><td safe>{`${ip.sentToday} / ${ip.dailyCap ?? "∞"}`}</td></tr>
              ))}</tbody></table>
          )}
        </Card>
      </div>
      <Card title="Outcomes since start" class="mb-5">
        <p class="text-sm">{Object.entries(e.counters).map(([k, n]) => <span class="mr-4 inline-block"><code class="text-xs" safe>{k}</code> <strong safe>{String(n)}</strong></span>)}</p>
      </Card>
    </>
  );
}

export function DeliverabilityPage(p: { shell: Shell; view: DeliverabilityView }) {
  const v = p.view;
  return (
    <AppLayout shell={p.shell}>
      <PageHeader title="Deliverability" subtitle="How this organization's mail is doing, and the state of the delivery engine." />
      {!v.mtaOn ? <p class="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800">The built-in MTA is off (OWLAT_MTA=off): only system mail is sent, through the SMTP relay.</p> : ""}
      <div class="mb-5 grid gap-4 sm:grid-cols-4">
        <Card title="Status"><Badge tone={v.abuseStatus === "clean" ? "green" : v.abuseStatus === "warned" ? "amber" : "red"}><span safe>{v.abuseStatus}</span></Badge></Card>
        <Card title="Circuit breaker">
          <Badge tone={v.breaker.state === "closed" ? "green" : v.breaker.state === "half_open" ? "amber" : "red"}><span safe>{v.breaker.state.replace("_", " ")}</span></Badge>
          {v.breaker.reason ? <p class="mt-1 text-xs text-slate-600" safe>{v.breaker.reason}</p> : ""}
        </Card>
        <Card title="Bounce rate"><p class="text-xl font-semibold" safe>{pct(v.rates.bounceRate)}</p><p class="text-xs text-slate-500" safe>{`last ${v.rates.outcomes} outcomes · healthy under 2%`}</p></Card>
        <Card title="Complaint rate"><p class="text-xl font-semibold" safe>{pct(v.rates.complaintRate)}</p><p class="text-xs text-slate-500">red flag over 0.1%</p></Card>
      </div>
      <Card title="Last 30 days" class="mb-5">
        <p class="text-sm">{["delivered", "deferred", "bounced", "complained", "expired", "failed"].map((k) => <span class="mr-4"><span safe>{k}</span> <strong safe>{String(v.last30[k] ?? 0)}</strong></span>)}</p>
      </Card>
      {v.engine ? <EngineSection e={v.engine} now={v.now} /> : ""}
      <Card title="Recent bounces and complaints">
        {v.recent.length === 0 ? <EmptyState title="None" text="No bounces or complaints recorded." /> : (
          <table class="w-full text-left text-sm"><thead><tr class="border-b text-xs uppercase text-slate-500"><th class="py-1">When</th><th>Recipient</th><th>What</th><th>Reply</th></tr></thead>
            <tbody>{v.recent.map((e) => (
              <tr class="border-b border-slate-100 align-top" data-event={e.type}><td class="whitespace-nowrap py-1 pr-3 text-slate-500" safe>{formatTime(e.at)}</td><td class="pr-3" safe>{e.recipient}</td>
                <td class="pr-3"><span safe>{`${e.type} (${e.class})`}</span><div class="text-xs text-slate-500" safe>{e.reason}</div></td><td class="text-xs text-slate-600" safe>{e.replyText ?? ""}</td></tr>
            ))}</tbody></table>
        )}
      </Card>
    </AppLayout>
  );
}

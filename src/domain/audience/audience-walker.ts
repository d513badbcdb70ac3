/**
 * Audiences for sends (issue 5): a topic or a frozen segment definition, walked in keyset pages of
 * eligible contacts (CT-12): has an email, not blocklisted, not globally unsubscribed, and for DOI
 * topics not waiting for confirmation (segments are never DOI-gated, TP-14). Counts of the excluded
 * by reason feed the audience step (TP-06).
 */
import { AppError } from "../../lib/errors";
import type { TenantContext } from "../context";
import { T, quote } from "./contact-index";
import * as q from "./queries";
import * as tq from "./topic-queries";
import { countPlan, idsPlan } from "./segment-queries";
import { compileSegment } from "./segment-sql";
import { safeDefinition, type SegmentDefinition } from "./segment-model";

export type AudienceSpec = { kind: "topic"; topicId: number } | { kind: "segment"; definition: SegmentDefinition };

export interface EligibleContact {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  language: string;
  timezone: string;
  properties: Record<string, unknown>;
}

export interface AudienceCounts {
  /** Everyone the topic or segment holds. */
  total: number;
  eligible: number;
  excluded: { noEmail: number; unsubscribedOrSuppressed: number; unconfirmedDoi: number };
}

const [fa, fe, fb, fu, fdp] = [T.all, T.hasEmail, T.blocked, T.unsubscribed, T.doi("pending")].map(quote);
const ELIGIBLE = `((${fe} NOT ${fb}) NOT ${fu})`;

type Plans = { total: string | null; eligible: string; noEmail: string; suppressed: string; unconfirmed: string | null };

function topicPlans(ctx: Pick<TenantContext, "db">, topicId: number): Plans {
  const topic = tq.topicById(ctx.db, topicId);
  if (!topic) throw new AppError("NOT_FOUND", "No such topic.");
  const base = quote(T.topic(topicId));
  const reachable = `(((${base} AND ${fe}) NOT ${fb}) NOT ${fu})`;
  return {
    total: base,
    eligible: topic.requireDoubleOptIn ? `(${reachable} NOT ${fdp})` : reachable,
    noEmail: `(${base} NOT ${fe})`,
    suppressed: `((${base} AND ${fe}) AND (${fb} OR ${fu}))`,
    unconfirmed: topic.requireDoubleOptIn ? `(${reachable} AND ${fdp})` : null,
  };
}

function segmentPlan(ctx: Pick<TenantContext, "db">, def: SegmentDefinition, now: number) {
  const props = q.listProperties(ctx.db);
  const checked = safeDefinition(def, props, tq.listTopics(ctx.db));
  return checked ? compileSegment(checked, props, now) : { match: null, where: null, combine: "AND" as const, empty: true };
}

export function countAudience(ctx: Pick<TenantContext, "db">, spec: AudienceSpec, now: number): AudienceCounts {
  if (spec.kind === "topic") {
    const p = topicPlans(ctx, spec.topicId);
    const n = (m: string | null) => (m ? q.matchCount(ctx.db, m) : 0);
    return { total: n(p.total), eligible: n(p.eligible), excluded: { noEmail: n(p.noEmail), unsubscribedOrSuppressed: n(p.suppressed), unconfirmedDoi: n(p.unconfirmed) } };
  }
  const plan = segmentPlan(ctx, spec.definition, now);
  return {
    total: countPlan(ctx.db, plan),
    eligible: countPlan(ctx.db, plan, { match: ELIGIBLE }),
    excluded: {
      noEmail: countPlan(ctx.db, plan, { match: `(${fa} NOT ${fe})` }),
      unsubscribedOrSuppressed: countPlan(ctx.db, plan, { match: `(${fe} AND (${fb} OR ${fu}))` }),
      unconfirmedDoi: 0,
    },
  };
}

/**
 * Eligible contacts in ascending id order, `batchSize` at a time, starting after `afterId` (the
 * resume point a send orchestrator checkpoints). Reads each page in its own short query, so writers
 * are never blocked for long; contacts changed mid-walk are seen as they are when their page is read.
 */
export function* walkAudience(ctx: Pick<TenantContext, "db">, spec: AudienceSpec, opts: { afterId?: number; batchSize?: number; now: number }): Generator<EligibleContact[]> {
  const batch = Math.min(Math.max(opts.batchSize ?? 1000, 1), 10_000);
  const next = spec.kind === "topic"
    ? ((p) => (after: number) => q.matchIds(ctx.db, p.eligible, after, batch))(topicPlans(ctx, spec.topicId))
    : ((plan) => (after: number) => idsPlan(ctx.db, plan, after, batch, { match: ELIGIBLE }))(segmentPlan(ctx, spec.definition, opts.now));
  let after = opts.afterId ?? 0;
  for (;;) {
    const ids = next(after);
    if (!ids.length) return;
    const rows = q.contactsByIds(ctx.db, ids).filter((r) => r.email).sort((a, b) => a.id - b.id);
    if (rows.length) yield rows.map((r) => ({ id: r.id, email: r.email!, firstName: r.firstName, lastName: r.lastName, language: r.language, timezone: r.timezone, properties: r.properties ?? {} }));
    after = ids[ids.length - 1]!;
    if (ids.length < batch) return;
  }
}

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import type { TenantContext } from "../context";
import type { Condition, SegmentDefinition } from "./segment-model";

let t: TestApp;
let scoreOfFirst = 0;
let ctx: TenantContext;
const topicIds: number[] = [];

/** A small deterministic audience: every condition kind has matches and non-matches. */
beforeAll(async () => {
  t = makeTestApp({ clock: manualClock() });
  const org = t.app.orgs.create({ name: "Seg", slug: "seg" }, null, { userId: null, label: "t", ip: null, userAgent: null });
  ctx = { org, role: "owner", actor: { userId: null, label: "tester", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
  const a = t.app.audience;
  a.properties.create(ctx, { label: "Plan", type: "text" });
  a.properties.create(ctx, { label: "Score", type: "number" });
  a.properties.create(ctx, { label: "VIP", type: "boolean" });
  a.properties.create(ctx, { label: "Joined", type: "date" });
  for (const name of ["One", "Two", "Three"]) topicIds.push(a.topics.create(ctx, { name, requireDoubleOptIn: "false" }).id);
  let seed = 7;
  const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000) * n);
  const plans = ["Free", "pro", "PRO ", "enterprise", ""];
  for (let i = 0; i < 5; i++) a.contacts.findOrCreate(ctx, { email: `api${i}@example.com` }, "strict", "api");
  for (let i = 0; i < 115; i++) {
    const c = a.contacts.create(ctx, {
      email: `p${i}@example.com`, firstName: ["Ann", "bob", "", "Émile"][rnd(4)], lastName: `L${rnd(10)}`,
      prop_plan: plans[rnd(5)], prop_score: rnd(3) ? String(rnd(100)) : "", prop_vip: ["yes", "no", ""][rnd(3)], prop_joined: rnd(2) ? `2024-0${1 + rnd(9)}-1${rnd(9)}` : "",
    });
    if (typeof c.properties.score === "number") scoreOfFirst = c.properties.score;
    for (const id of topicIds) if (rnd(2)) await a.topics.subscribe(ctx, c.id, id, { source: "admin" });
    if (rnd(3) === 0) a.blocklist.recordEmailEvents(ctx, [{ contactId: c.id, type: "opened", at: t.app.clock.now() }]);
    if (rnd(5) === 0) a.blocklist.recordEmailEvents(ctx, [{ contactId: c.id, type: "clicked", at: t.app.clock.now(), campaignId: "camp" }]);
  }
});
afterAll(async () => t.close());

const conditions = (): Condition[] => [
  { kind: "contact_property", field: "plan", operator: "equals", value: "pro" },
  { kind: "contact_property", field: "plan", operator: "not_equals", value: "Pro" },
  { kind: "contact_property", field: "plan", operator: "contains", value: "r" },
  { kind: "contact_property", field: "plan", operator: "not_contains", value: "e" },
  { kind: "contact_property", field: "plan", operator: "is_empty" },
  { kind: "contact_property", field: "score", operator: "gt", value: "50" },
  { kind: "contact_property", field: "score", operator: "lte", value: "20" },
  { kind: "contact_property", field: "score", operator: "not_equals", value: String(scoreOfFirst) },
  { kind: "contact_property", field: "score", operator: "not_empty" },
  { kind: "contact_property", field: "vip", operator: "is_true" },
  { kind: "contact_property", field: "vip", operator: "is_false" },
  { kind: "contact_property", field: "joined", operator: "lt", value: "2024-05-01" },
  { kind: "contact_property", field: "joined", operator: "equals", value: "2024-03-13" },
  { kind: "contact_property", field: "firstName", operator: "equals", value: "ANN" },
  { kind: "contact_property", field: "firstName", operator: "is_empty" },
  { kind: "contact_property", field: "email", operator: "contains", value: "p1" },
  { kind: "contact_property", field: "source", operator: "equals", value: "form" },
  { kind: "email_activity", field: "opened", operator: "is_true" },
  { kind: "email_activity", field: "clicked", operator: "is_false" },
  { kind: "email_activity", field: "clicked", operator: "is_true", campaignId: "camp" },
];

describe("segments", () => {
  test("every condition: the index path and the plain-SQL reference agree, and each splits the audience", () => {
    const s = t.app.audience.segments;
    for (const c of [...conditions(), ...topicIds.flatMap((id) => [{ kind: "topic_membership", topicId: id, operator: "equals" }, { kind: "topic_membership", topicId: id, operator: "not_equals" }] as Condition[])]) {
      const def: SegmentDefinition = { match: "all", conditions: [s.validate(ctx, { match: "all", conditions: [c] }).conditions[0]!] };
      const n = s.count(ctx, def);
      expect({ c, n }).toEqual({ c, n: s.countReference(ctx, def) });
      expect({ c, splits: n > 0 && n < 120 }).toEqual({ c, splits: true });
    }
  });

  test("random ALL/ANY combinations agree with the reference", () => {
    const s = t.app.audience.segments;
    const pool = [...conditions(), ...topicIds.map((id, i) => ({ kind: "topic_membership", topicId: id, operator: i % 2 ? "equals" : "not_equals" }) as Condition)];
    let seed = 3;
    const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000) * n);
    for (let i = 0; i < 150; i++) {
      const def: SegmentDefinition = { match: rnd(2) ? "all" : "any", conditions: Array.from({ length: 1 + rnd(4) }, () => pool[rnd(pool.length)]!) };
      expect({ def, n: s.count(ctx, def) }).toEqual({ def, n: s.countReference(ctx, def) });
    }
    expect(s.count(ctx, { match: "all", conditions: [] })).toBe(120);
  });

  test("saved segments: validated at write, counted on save, refreshed by the job, audited; deleted property matches nobody", () => {
    const s = t.app.audience.segments;
    expect(() => s.create(ctx, { name: "Bad", definition: { match: "all", conditions: [{ kind: "contact_property", field: "nope", operator: "equals", value: "x" }] } })).toThrow(/Condition 1: choose a field/);
    expect(() => s.create(ctx, { name: "Bad", definition: { match: "all", conditions: [{ kind: "contact_property", field: "score", operator: "gt", value: "many" }] } })).toThrow(/enter a number/);
    const def = { match: "all", conditions: [conditions()[0], { kind: "topic_membership", topicId: topicIds[0], operator: "equals" }] };
    const seg = s.create(ctx, { name: "Pro in One", definition: def });
    expect(seg.cachedCount).toBe(s.count(ctx, def));
    ctx.db.$client.run("UPDATE segments SET cached_count = -1");
    expect(s.refreshCounts(ctx)).toBe(1);
    expect(s.get(ctx, seg.id).cachedCount).toBe(s.count(ctx, def));
    const plan = t.app.audience.properties.list(ctx).find((p) => p.key === "plan")!;
    t.app.audience.properties.remove(ctx, plan.id);
    expect(s.count(ctx, s.get(ctx, seg.id).definition)).toBe(0);
    expect(s.count(ctx, { match: "any", conditions: [conditions()[0]!, { kind: "email_activity", field: "opened", operator: "is_true" }] })).toBe(s.count(ctx, { match: "all", conditions: [{ kind: "email_activity", field: "opened", operator: "is_true" }] }));
    expect(t.app.audit.list({ orgId: ctx.org.id, resource: "segment" }).map((e) => e.action)).toContain("segment.created");
  });

  test("segment audiences: eligibility excludes blocklisted and unsubscribed, never DOI-gated; frozen definition", () => {
    const a = t.app.audience;
    const def: SegmentDefinition = { match: "all", conditions: [{ kind: "email_activity", field: "opened", operator: "is_true" }] };
    const before = a.countAudience(ctx, { kind: "segment", definition: def });
    const first = [...a.walkAudience(ctx, { kind: "segment", definition: def }, { batchSize: 7 })].flat();
    expect(first.length).toBe(before.eligible);
    a.blocklist.suppressAddress({ ...ctx }, first[0]!.email, "complained");
    const after = a.countAudience(ctx, { kind: "segment", definition: def });
    expect(after.eligible).toBe(before.eligible - 1);
    expect(after.excluded.unsubscribedOrSuppressed).toBe(before.excluded.unsubscribedOrSuppressed + 1);
    const resumed = [...a.walkAudience(ctx, { kind: "segment", definition: def }, { afterId: first[2]!.id })].flat();
    expect(resumed[0]!.id).toBe(first[3]!.id);
  });
});

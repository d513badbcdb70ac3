import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import { listOutbox } from "../mail/outbox-mailer";
import type { TenantContext } from "../context";
import { DAY } from "../../lib/time";
import type { SegmentDefinition } from "./segment-model";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function setup(clock = manualClock()) {
  const t = makeTestApp({ clock });
  apps.push(t);
  const org = t.app.orgs.create({ name: "Acme", slug: "acme" }, null, { userId: null, label: "t", ip: null, userAgent: null });
  const ctx: TenantContext = { org, role: "owner", actor: { userId: null, label: "tester", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
  return { t, app: t.app, ctx, clock, a: t.app.audience };
}

describe("contacts", () => {
  test("create, update with typed properties, delete frees the address at once; audit and activity written", () => {
    const { app, ctx, a } = setup();
    a.properties.create(ctx, { label: "Plan", type: "text" });
    a.properties.create(ctx, { label: "Score", type: "number" });
    a.properties.create(ctx, { label: "VIP", type: "boolean" });
    a.properties.create(ctx, { label: "Birthday", type: "date" });
    const c = a.contacts.create(ctx, { email: " Ann@Example.COM ", firstName: "Ann", prop_plan: "Pro", prop_score: "42", prop_vip: "yes", prop_birthday: "1990-02-28" });
    expect(c.email).toBe("ann@example.com");
    expect(c.properties).toEqual({ plan: "Pro", score: 42, vip: true, birthday: "1990-02-28" });
    expect(() => a.contacts.create(ctx, { email: "ann@example.com" })).toThrow(/already exists/);
    expect(() => a.contacts.update(ctx, c.id, { email: "ann@example.com", prop_score: "lots" })).toThrow(/Score must be a number/);
    expect(() => a.contacts.update(ctx, c.id, { email: "ann@example.com", prop_birthday: "1990-02-30" })).toThrow(/date/);
    const u = a.contacts.update(ctx, c.id, { email: "ann@example.com", firstName: "Anne", prop_score: "" });
    expect(u.firstName).toBe("Anne");
    expect(u.properties.score).toBeUndefined();
    const tl = a.contacts.timeline(ctx, c.id).entries.map((e) => e.type);
    expect(tl).toContain("created");
    expect(tl).toContain("property_updated");
    expect(a.contacts.total(ctx)).toBe(1);
    expect(a.contacts.remove(ctx, [c.id])).toBe(1);
    expect(a.contacts.total(ctx)).toBe(0);
    expect(() => a.contacts.get(ctx, c.id)).toThrow(/No such contact/);
    const again = a.contacts.create(ctx, { email: "ann@example.com" });
    expect(again.id).not.toBe(c.id);
    const actions = app.audit.list({ orgId: ctx.org.id, limit: 50 }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["contact.created", "contact.updated", "contact.deleted", "contact_property.created"]));
  });

  test("retention job hard-deletes contacts deleted more than 30 days ago", () => {
    const { ctx, a, clock } = setup();
    const c = a.contacts.create(ctx, { email: "old@example.com" });
    a.contacts.remove(ctx, [c.id]);
    expect(a.purgeDeleted(ctx)).toBe(0);
    clock.advance(31 * DAY);
    expect(a.purgeDeleted(ctx)).toBe(1);
    expect(a.reconcileCounts(ctx)).toBe(0);
    expect(ctx.db.$client.query("SELECT count(*) AS n FROM contacts").get()).toEqual({ n: 0 });
  });

  test("list: search by name and email prefix, filters, keyset paging, sort", () => {
    const { ctx, a } = setup();
    const topic = a.topics.create(ctx, { name: "News", requireDoubleOptIn: "false" });
    for (let i = 0; i < 30; i++) {
      const c = a.contacts.create(ctx, { email: `user${i}@ex${i % 3}.com`, firstName: i % 2 ? "Zoë" : "Bob", lastName: `Miller${i}` });
      if (i % 5 === 0) void a.topics.subscribe(ctx, c.id, topic.id, { source: "admin" });
    }
    const zo = a.contacts.list(ctx, { filter: { search: "zo" }, sort: "newest", limit: 100 });
    expect(zo.contacts.length).toBe(15);
    expect(a.contacts.list(ctx, { filter: { search: "mill" }, sort: "newest" }).contacts.length).toBe(30);
    expect(a.contacts.list(ctx, { filter: { search: "user1@" }, sort: "newest" }).contacts.map((c) => c.email)).toEqual(["user1@ex1.com"]);
    expect(a.contacts.count(ctx, { topicId: topic.id })).toBe(6);
    const p1 = a.contacts.list(ctx, { filter: {}, sort: "email_asc", limit: 10 });
    const p2 = a.contacts.list(ctx, { filter: {}, sort: "email_asc", after: p1.next!, limit: 10 });
    const emails = [...p1.contacts, ...p2.contacts].map((c) => c.email!);
    expect(emails).toEqual([...emails].sort());
    expect(new Set(emails).size).toBe(20);
    const newest = a.contacts.list(ctx, { filter: { status: "subscribed" }, sort: "newest", limit: 4 });
    const next = a.contacts.list(ctx, { filter: { status: "subscribed" }, sort: "newest", after: newest.next!, limit: 4 });
    expect(newest.contacts.length + next.contacts.length).toBe(6);
    expect(next.next).toBeNull();
  });
});

describe("topics and double opt-in", () => {
  test("DOI: pending with a mailed 7-day token; confirm once; expired and forged tokens change nothing", async () => {
    const { app, ctx, a, clock } = setup();
    const topic = a.topics.create(ctx, { name: "Weekly" });
    expect(topic.requireDoubleOptIn).toBe(true);
    const c = a.contacts.create(ctx, { email: "d@example.com", firstName: "Dee" });
    const r = await a.topics.subscribe(ctx, c.id, topic.id, { source: "form", sendConfirmation: true });
    expect(r.outcome).toBe("pending_doi");
    expect(a.contacts.get(ctx, c.id).contact.doiStatus).toBe("pending");
    const mail = listOutbox(app.system)[0]!;
    expect(mail.to).toBe("d@example.com");
    const token = decodeURIComponent(mail.text.match(/confirm\?token=([^\s]+)/)![1]!);
    expect(a.subscriptions.confirmDoi(token.slice(0, -2) + "zz", { userId: null, label: "x", ip: null, userAgent: null })).toEqual({ ok: false, reason: "token_not_found" });
    expect((await a.topics.subscribe(ctx, c.id, topic.id, { source: "form" })).outcome).toBe("already_member");
    clock.advance(8 * DAY);
    expect(a.subscriptions.confirmDoi(token, { userId: null, label: "x", ip: null, userAgent: null })).toEqual({ ok: false, reason: "token_expired" });
    expect(a.contacts.get(ctx, c.id).contact.doiStatus).toBe("pending");
    await a.topics.resendConfirmation(ctx, c.id);
    const fresh = decodeURIComponent(listOutbox(app.system)[0]!.text.match(/confirm\?token=([^\s]+)/)![1]!);
    expect(a.subscriptions.confirmDoi(fresh, { userId: null, label: "x", ip: "1.2.3.4", userAgent: null })).toMatchObject({ ok: true, alreadyConfirmed: false });
    expect(a.subscriptions.confirmDoi(fresh, { userId: null, label: "x", ip: null, userAgent: null })).toMatchObject({ ok: true, alreadyConfirmed: true });
    expect(a.contacts.get(ctx, c.id).contact.doiStatus).toBe("confirmed");
    expect(a.contacts.timeline(ctx, c.id).entries.map((e) => e.type)).toContain("topic_confirmed");
    const other = a.topics.create(ctx, { name: "Deals" });
    expect((await a.topics.subscribe(ctx, c.id, other.id, { source: "form" })).outcome).toBe("subscribed");
    await expect(a.topics.resendConfirmation(ctx, c.id)).rejects.toThrow(/waiting for confirmation/);
  });

  test("unsubscribe tokens: HMAC, 90 days, forged/expired refused; one click removes every topic and stamps the opt-out", async () => {
    const { ctx, a, clock } = setup();
    const t1 = a.topics.create(ctx, { name: "A", requireDoubleOptIn: "false" });
    const t2 = a.topics.create(ctx, { name: "B", requireDoubleOptIn: "false" });
    const c = a.contacts.create(ctx, { email: "u@example.com" });
    await a.topics.subscribe(ctx, c.id, t1.id, { source: "admin" });
    await a.topics.subscribe(ctx, c.id, t2.id, { source: "admin" });
    const token = a.subscriptions.mint("unsubscribe", ctx.org.id, c.id);
    expect(token).toMatch(new RegExp(`^${ctx.org.id}\\.${c.id}:\\d+:[A-Za-z0-9_-]{43}$`));
    const actor = { userId: null, label: "public", ip: "9.9.9.9", userAgent: null };
    expect(a.subscriptions.resolve("preferences", token, actor)).toEqual({ ok: false, reason: "invalid_signature" });
    expect(a.subscriptions.resolve("unsubscribe", token.replace(/:(\d+):/, ":1:"), actor)).toEqual({ ok: false, reason: "invalid_signature" });
    expect(a.subscriptions.resolve("unsubscribe", "garbage", actor)).toEqual({ ok: false, reason: "missing_parts" });
    const r = a.subscriptions.resolve("unsubscribe", token, actor);
    if (!r.ok) throw new Error("token refused");
    expect(a.subscriptions.unsubscribeAll(r.scope, c.id, "one_click")).toBe(2);
    expect(a.contacts.get(ctx, c.id).memberships).toEqual([]);
    expect(a.contacts.get(ctx, c.id).contact.unsubscribedAt).not.toBeNull();
    expect(a.topics.get(ctx, t1.id).memberCount).toBe(0);
    clock.advance(91 * DAY);
    expect(a.subscriptions.resolve("unsubscribe", token, actor)).toEqual({ ok: false, reason: "expired" });
  });

  test("member counts are reconciled; deleting a topic keeps its contacts", async () => {
    const { ctx, a } = setup();
    const t = a.topics.create(ctx, { name: "T", requireDoubleOptIn: "false" });
    const c = a.contacts.create(ctx, { email: "m@example.com" });
    await a.topics.subscribe(ctx, c.id, t.id, { source: "admin" });
    ctx.db.$client.run("UPDATE topics SET member_count = 99");
    expect(a.topics.reconcileCounts(ctx)).toBe(1);
    expect(a.topics.get(ctx, t.id).memberCount).toBe(1);
    a.topics.remove(ctx, t.id);
    expect(a.contacts.get(ctx, c.id).memberships).toEqual([]);
    expect(a.contacts.count(ctx, { status: "no_topics" })).toBe(1);
  });
});

describe("blocklist and email events", () => {
  test("hard bounce, complaint and 5 soft bounces blocklist; a delivery resets the streak; eligibility excludes them", async () => {
    const { ctx, a, clock } = setup();
    const t = a.topics.create(ctx, { name: "T", requireDoubleOptIn: "false" });
    const ids: number[] = [];
    for (const e of ["a@x.com", "b@x.com", "c@x.com", "d@x.com"]) {
      const c = a.contacts.create(ctx, { email: e });
      await a.topics.subscribe(ctx, c.id, t.id, { source: "admin" });
      ids.push(c.id);
    }
    const [ca, cb, cc, cd] = ids as [number, number, number, number];
    const now = clock.now();
    a.blocklist.recordEmailEvents(ctx, [
      { contactId: ca, type: "bounced", at: now, campaignId: "c1", detail: "550 5.1.1 unknown user" },
      { contactId: cb, type: "complained", at: now, campaignId: "c1" },
      ...Array.from({ length: 4 }, () => ({ contactId: cc, type: "soft_bounced" as const, at: now })),
      { contactId: cc, type: "delivered", at: now },
      ...Array.from({ length: 4 }, () => ({ contactId: cc, type: "soft_bounced" as const, at: now })),
      ...Array.from({ length: 5 }, () => ({ contactId: cd, type: "soft_bounced" as const, at: now })),
      { contactId: cc, type: "opened", at: now, campaignId: "c1" },
      { contactId: cc, type: "clicked", at: now, campaignId: "c1", link: "https://example.com/x" },
    ]);
    expect(a.blocklist.entry(ctx, "a@x.com")?.reason).toBe("bounced");
    expect(a.blocklist.entry(ctx, "b@x.com")?.reason).toBe("complained");
    expect(a.blocklist.entry(ctx, "c@x.com")).toBeNull();
    expect(a.blocklist.entry(ctx, "d@x.com")?.note).toMatch(/5 soft bounces/);
    expect(a.blocklist.suppressAddress(ctx, "A@x.com", "bounced")).toBe(false);
    const counts = a.countAudience(ctx, { kind: "topic", topicId: t.id });
    expect(counts).toEqual({ total: 4, eligible: 1, excluded: { noEmail: 0, unsubscribedOrSuppressed: 3, unconfirmedDoi: 0 } });
    const walked = [...a.walkAudience(ctx, { kind: "topic", topicId: t.id })].flat();
    expect(walked.map((c) => c.email)).toEqual(["c@x.com"]);
    const c = a.contacts.get(ctx, cc).contact;
    expect(c.lastOpenedAt).toBe(now);
    expect(c.lastClickedAt).toBe(now);
    const tl = a.contacts.timeline(ctx, cc).entries;
    expect(tl.find((e) => e.type === "clicked")?.details.link).toBe("https://example.com/x");
    const seg: SegmentDefinition = { match: "all", conditions: [{ kind: "email_activity", field: "clicked", operator: "is_true" }] };
    expect(a.segments.count(ctx, seg)).toBe(1);
    expect(a.segments.count(ctx, { match: "all", conditions: [{ kind: "email_activity", field: "opened", operator: "is_true", withinDays: 7, campaignId: "c1" }] })).toBe(1);
    clock.advance(10 * DAY);
    expect(a.segments.count(ctx, { match: "all", conditions: [{ kind: "email_activity", field: "opened", operator: "is_true", withinDays: 7 }] })).toBe(0);
    a.blocklist.remove(ctx, "a@x.com");
    expect(a.contacts.count(ctx, { status: "blocklisted" })).toBe(2);
  });
});

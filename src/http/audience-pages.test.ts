import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../testing/test-app";
import { TestClient, setupOwner } from "../testing/client";
import { listOutbox } from "../domain/mail/outbox-mailer";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
async function owner() {
  const t = makeTestApp();
  apps.push(t);
  const o = await setupOwner(t.http);
  const org = t.app.orgs.bySlug(o.slug)!;
  const ctx = { org, role: "owner" as const, actor: { userId: null, label: "t", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
  return { t, c: o.client, base: `/o/${o.slug}`, ctx };
}
const XSS = `<img src=x onerror=alert(1)>`;

describe("contacts pages", () => {
  test("add, list, search, detail, edit with typed properties, delete; errors name the field", async () => {
    const { c, base, t, ctx } = await owner();
    expect((await c.post(`${base}/settings/properties`, { label: "Plan", type: "text" })).status).toBe(303);
    expect((await c.post(`${base}/settings/properties`, { label: "Score", type: "number" })).status).toBe(303);
    const props = await c.get(`${base}/settings/properties`);
    expect(props.text).toContain("{{plan}}");
    const bad = await c.post(`${base}/contacts`, { email: "not-an-email", firstName: "Ann" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("is not a valid email address");
    expect(bad.text).toContain('value="Ann"');
    const badNum = await c.post(`${base}/contacts`, { email: "ann@example.com", prop_score: "lots" });
    expect(badNum.text).toContain("Score must be a number");
    const created = await c.post(`${base}/contacts`, { email: "ann@example.com", firstName: XSS, lastName: "Lee", prop_plan: XSS, prop_score: "7" });
    expect(created.status).toBe(303);
    const id = created.location!.split("/").pop()!;
    const detail = await c.get(created.location!);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain(XSS);
    expect(detail.text).toContain("&lt;img src=x");
    expect(detail.text).toContain("Contact created");
    const list = await c.get(`${base}/contacts?q=lee`);
    expect(list.text).toContain("ann@example.com");
    expect(list.text).not.toContain(XSS);
    const fragment = await c.get(`${base}/contacts?q=zzz`, { htmx: true, headers: { "hx-target": "contact-results" } });
    expect(fragment.text).toContain("No contact matches");
    expect(fragment.text).not.toContain("<html");
    const edit = await c.post(`${base}/contacts/${id}`, { email: "ann@example.com", firstName: "Ann", lastName: "Lee", prop_plan: "pro", prop_score: "9" });
    expect(edit.status).toBe(303);
    expect(t.app.audience.contacts.get(ctx, Number(id)).contact.properties).toEqual({ plan: "pro", score: 9 });
    const gdpr = await c.get(`${base}/contacts/${id}/export.json`);
    expect(JSON.parse(gdpr.text).contact.email).toBe("ann@example.com");
    expect((await c.post(`${base}/contacts/${id}/delete`)).status).toBe(303);
    expect((await c.get(`${base}/contacts/${id}`)).status).toBe(404);
    expect(t.app.audit.list({ orgId: ctx.org.id, resource: "contact" }).map((e) => e.action)).toEqual(expect.arrayContaining(["contact.created", "contact.updated", "contact.deleted"]));
  });

  test("CSV export of the current search; bulk add to topic and delete over the selection and over all matches", async () => {
    const { c, base, t, ctx } = await owner();
    const topic = t.app.audience.topics.create(ctx, { name: "News", requireDoubleOptIn: "false" });
    for (let i = 0; i < 12; i++) t.app.audience.contacts.create(ctx, { email: `b${i}@example.com`, firstName: i < 6 ? "=cmd" : "Bo" });
    const csv = await c.get(`${base}/contacts/export.csv?q=cmd`);
    expect(csv.headers.get("content-disposition")).toMatch(/contacts-export-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toBe("Email,First Name,Last Name,Language,Source,Created At,Updated At");
    expect(lines.length).toBe(7);
    expect(csv.text).toContain("'=cmd");
    const ids = t.app.audience.contacts.list(ctx, { filter: {}, sort: "oldest", limit: 3 }).contacts.map((x) => String(x.id));
    const sel = await c.request("POST", `${base}/contacts/bulk`, { form: { _csrf: c.csrf, action: "add_topic", topicId: String(topic.id), scope: "selected", filter: "", ids: ids[0]! } });
    expect(sel.status).toBe(303);
    expect(t.app.audience.topics.get(ctx, topic.id).memberCount).toBe(1);
    const all = await c.post(`${base}/contacts/bulk`, { action: "add_topic", topicId: String(topic.id), scope: "all", filter: "q=bo" });
    expect(all.location).toMatch(/job=/);
    await t.app.queue.drain();
    expect(t.app.audience.topics.get(ctx, topic.id).memberCount).toBe(7);
    const progress = await c.get(`${base}/contacts/bulk/${all.location!.split("job=")[1]}`, { htmx: true });
    expect(progress.text).toContain("Done: 6 contacts processed.");
    await c.post(`${base}/contacts/bulk`, { action: "delete", scope: "all", filter: "q=bo" });
    await t.app.queue.drain();
    expect(t.app.audience.contacts.count(ctx, {})).toBe(6);
  });
});

describe("topics, properties, blocklist pages", () => {
  test("topic create with DOI default on, edit, counts, delete; blocklist add/remove; property rename and delete", async () => {
    const { c, base, t, ctx } = await owner();
    expect((await c.get(`${base}/topics`)).text).toContain("No topics yet");
    await c.post(`${base}/topics`, { name: "Weekly", description: XSS, requireDoubleOptIn: "on" });
    const topic = t.app.audience.topics.list(ctx)[0]!;
    expect(topic.requireDoubleOptIn).toBe(true);
    expect((await c.post(`${base}/topics`, { name: "weekly" })).text).toContain("already exists");
    const page = await c.get(`${base}/topics/${topic.id}`);
    expect(page.text).toContain("can receive campaigns");
    expect(page.text).not.toContain(XSS);
    await c.post(`${base}/topics/${topic.id}`, { name: "Weekly news" });
    expect(t.app.audience.topics.get(ctx, topic.id)).toMatchObject({ name: "Weekly news", requireDoubleOptIn: false });
    await c.post(`${base}/topics/${topic.id}/delete`);
    expect(t.app.audience.topics.list(ctx)).toEqual([]);

    expect((await c.post(`${base}/settings/blocklist`, { email: "bad" })).text).toContain("not a valid email");
    await c.post(`${base}/settings/blocklist`, { email: "Spam@Example.com", note: XSS });
    const bl = await c.get(`${base}/settings/blocklist`);
    expect(bl.text).toContain("spam@example.com");
    expect(bl.text).not.toContain(XSS);
    expect((await c.post(`${base}/settings/blocklist`, { email: "spam@example.com" })).text).toContain("already on the blocklist");
    await c.post(`${base}/settings/blocklist/remove`, { email: "spam@example.com" });
    expect(t.app.audience.blocklist.count(ctx)).toBe(0);

    await c.post(`${base}/settings/properties`, { label: "Favourite colour", type: "text" });
    const prop = t.app.audience.properties.list(ctx)[0]!;
    expect(prop.key).toBe("favourite_colour");
    expect((await c.post(`${base}/settings/properties`, { label: "x", key: "Bad Key", type: "text" })).text).toContain("lowercase letters");
    await c.post(`${base}/settings/properties/${prop.id}`, { label: "Colour" });
    t.app.audience.contacts.create(ctx, { email: "p@example.com", prop_favourite_colour: "red" });
    const del = await c.post(`${base}/settings/properties/${prop.id}/delete`);
    expect(del.status).toBe(303);
    await t.app.queue.drain();
    expect(t.app.audience.contacts.byEmail(ctx, "p@example.com")!.properties).toEqual({});
    expect(t.app.audit.list({ orgId: ctx.org.id }).map((e) => e.action)).toEqual(expect.arrayContaining(["topic.created", "topic.updated", "topic.deleted", "blocklist.added", "blocklist.removed", "contact_property.deleted"]));
  });

  test("an editor sees contacts but cannot change them", async () => {
    const { c, base, t } = await owner();
    const invite = await c.post(`${base}/settings/team/invite`, { email: "ed@example.com", role: "editor" });
    const link = invite.text.match(/\/invite\/([a-z0-9]+)/)![0];
    const ed = new TestClient(t.http);
    await ed.get(link);
    await ed.post(`${link}/register`, { name: "Ed", password: "member password 1" });
    expect((await ed.get(`${base}/contacts`)).status).toBe(200);
    expect((await ed.post(`${base}/contacts`, { email: "x@example.com" })).text).toContain("does not allow");
    expect((await ed.post(`${base}/topics`, { name: "X" })).text).toContain("does not allow");
    expect((await ed.get(`${base}/contacts/import`)).status).toBe(403);
  });
});

describe("segment builder", () => {
  test("live count changes as conditions are added; save; export", async () => {
    const { c, base, t, ctx } = await owner();
    t.app.audience.properties.create(ctx, { label: "Plan", type: "text" });
    const topic = t.app.audience.topics.create(ctx, { name: "News", requireDoubleOptIn: "false" });
    for (let i = 0; i < 10; i++) {
      const x = t.app.audience.contacts.create(ctx, { email: `s${i}@example.com`, prop_plan: i % 2 ? "pro" : "free" });
      if (i < 4) await t.app.audience.topics.subscribe(ctx, x.id, topic.id, { source: "admin" });
    }
    const page = await c.get(`${base}/segments/new`);
    expect(page.text).toContain("No conditions: the segment holds every contact.");
    const added = await c.post(`${base}/segments/builder`, { rows: "0", add: "1" }, { htmx: true });
    expect(added.text).toContain('name="kind_0"');
    const count = (form: Record<string, string>) => c.post(`${base}/segments/preview`, form, { htmx: true }).then((r) => r.text.match(/data-count="(\d+)"/)?.[1]);
    expect(await count({ rows: "0", match: "all" })).toBe("10");
    expect(await count({ rows: "1", match: "all", kind_0: "contact_property", field_0: "plan", op_0: "equals", value_0: "PRO" })).toBe("5");
    const two = { rows: "2", match: "all", kind_0: "contact_property", field_0: "plan", op_0: "equals", value_0: "pro", kind_1: "topic_membership", op_1: "equals", topic_1: String(topic.id) };
    expect(await count(two)).toBe("2");
    expect((await c.post(`${base}/segments/preview`, { ...two, value_0: "" }, { htmx: true })).text).toContain("Condition 1: enter a value.");
    const saved = await c.post(`${base}/segments`, { ...two, name: "Pro news" });
    expect(saved.status).toBe(303);
    const seg = t.app.audience.segments.list(ctx)[0]!;
    expect(seg.cachedCount).toBe(2);
    expect((await c.get(`${base}/segments`)).text).toContain("Pro news");
    const csv = await c.get(`${base}/segments/${seg.id}/export.csv`);
    expect(csv.headers.get("content-disposition")).toContain("segment-Pro-news.csv");
    expect(csv.text.trim().split("\n").length).toBe(3);
    expect((await c.post(`${base}/segments`, { rows: "0", name: "" })).text).toContain("Name is required.");
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../testing/test-app";
import { TestClient, setupOwner } from "../testing/client";
import { listOutbox } from "../domain/mail/outbox-mailer";
import { DAY } from "../lib/time";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function world(clock = manualClock(Date.now())) {
  const t = makeTestApp({ clock, env: { OWLAT_TRUST_PROXY: "xforwarded" } });
  apps.push(t);
  const o = await setupOwner(t.http);
  const org = t.app.orgs.bySlug(o.slug)!;
  const ctx = { org, role: "owner" as const, actor: { userId: null, label: "t", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
  const a = t.app.audience;
  const news = a.topics.create(ctx, { name: "News", requireDoubleOptIn: "false" });
  const deals = a.topics.create(ctx, { name: "Deals", description: "<b>offers</b>", requireDoubleOptIn: "false" });
  const c = a.contacts.create(ctx, { email: "sub@example.com", firstName: "Sue" });
  await a.topics.subscribe(ctx, c.id, news.id, { source: "admin" });
  await a.topics.subscribe(ctx, c.id, deals.id, { source: "admin" });
  const pub = new TestClient(t.http);
  const raw = (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; ip?: string } = {}) =>
    t.http.handle(new Request(`http://localhost${path}`, { method, body: init.body, headers: { "x-forwarded-for": init.ip ?? "203.0.113.9", ...init.headers }, redirect: "manual" }));
  return { t, ctx, a, news, deals, contact: c, owner: o, pub, raw, clock };
}

describe("one-click unsubscribe and verify (api.md §5.2)", () => {
  test("POST /unsub/:token removes every topic; repeat says already; forged and expired change nothing", async () => {
    const w = await world();
    const token = w.a.subscriptions.mint("unsubscribe", w.ctx.org.id, w.contact.id);
    const forged = await w.raw("POST", `/unsub/${encodeURIComponent(token.slice(0, -3) + "abc")}`, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: { category: "invalid_input", message: "Invalid or expired unsubscribe link", data: { reason: "invalid_signature" } } });
    expect(w.a.contacts.get(w.ctx, w.contact.id).memberships.length).toBe(2);
    const verify = await w.raw("GET", `/unsub/verify/${encodeURIComponent(token)}`);
    expect(verify.headers.get("access-control-allow-origin")).toBe("*");
    expect(await verify.json()).toEqual({ ok: true, data: { email: "sub@example.com", firstName: "Sue", subscribed: true, organizationName: "Acme" } });
    const r = await w.raw("POST", `/unsub/${encodeURIComponent(token)}`, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, data: { message: "You have been successfully unsubscribed from 2 topic(s)", listsRemoved: 2 } });
    const again = await w.raw("POST", `/unsub/${encodeURIComponent(token)}`);
    expect((await again.json()).data).toEqual({ message: "You were already unsubscribed from all topics", listsRemoved: 0 });
    expect((await w.raw("GET", `/unsub/${encodeURIComponent(token)}`)).status).toBe(405);
    const tl = w.a.contacts.timeline(w.ctx, w.contact.id).entries;
    expect(tl.filter((e) => e.type === "topic_unsubscribed").map((e) => e.source)).toEqual(["one_click", "one_click"]);
    expect(tl.find((e) => e.type === "unsubscribed")?.details.ip).toBe("203.0.113.9");
    w.clock.advance(91 * DAY);
    expect(await (await w.raw("GET", `/unsub/verify/${encodeURIComponent(token)}`)).json()).toEqual({ ok: false, reason: "expired" });
  });

  test("rate limit: 30 per minute per IP, then 429 with Retry-After", async () => {
    const w = await world();
    const token = w.a.subscriptions.mint("unsubscribe", w.ctx.org.id, w.contact.id);
    let last: Response | null = null;
    for (let i = 0; i < 31; i++) last = await w.raw("GET", `/unsub/verify/${encodeURIComponent(token)}`, { ip: "198.51.100.1" });
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toBeTruthy();
    expect((await w.raw("GET", `/unsub/verify/${encodeURIComponent(token)}`, { ip: "198.51.100.2" })).status).toBe(200);
  });

  test("the unsubscribe page: topic-only removal, then everything; a bad link is a clear page", async () => {
    const w = await world();
    const token = w.a.subscriptions.mint("unsubscribe", w.ctx.org.id, w.contact.id);
    const page = await w.pub.get(`/unsubscribe?token=${encodeURIComponent(token)}&topic=${w.deals.id}`);
    expect(page.text).toContain("Unsubscribe from “Deals” only");
    const one = await w.pub.post(`/unsubscribe?token=${encodeURIComponent(token)}&topic=${w.deals.id}`, { topic: String(w.deals.id) });
    expect(one.text).toContain("You will no longer receive “Deals”.");
    expect(w.a.contacts.get(w.ctx, w.contact.id).memberships.map((m) => m.topicName)).toEqual(["News"]);
    const all = await w.pub.post(`/unsubscribe?token=${encodeURIComponent(token)}`, { scope: "all" });
    expect(all.text).toContain("You have been unsubscribed from 1 topic(s)");
    const bad = await w.pub.get("/unsubscribe?token=nope");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Nothing was changed");
  });
});

describe("preference center (api.md §5.3)", () => {
  test("verify lists every topic; update changes only toggles; validation reasons; the page saves", async () => {
    const w = await world();
    const token = encodeURIComponent(w.a.subscriptions.mint("preferences", w.ctx.org.id, w.contact.id));
    const v = await (await w.raw("GET", `/prefs/verify/${token}`)).json();
    expect(v.data.teamName).toBe("Acme");
    expect(v.data.topics.map((t: { name: string; subscribed: boolean }) => [t.name, t.subscribed])).toEqual([["Deals", true], ["News", true]]);
    const unsubToken = encodeURIComponent(w.a.subscriptions.mint("unsubscribe", w.ctx.org.id, w.contact.id));
    expect(await (await w.raw("GET", `/prefs/verify/${unsubToken}`)).json()).toEqual({ ok: false, reason: "invalid_signature" });
    const post = (body: unknown) => w.raw("POST", `/prefs/update/${token}`, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    expect(await (await post({ globalUnsubscribe: "yes" })).json()).toMatchObject({ error: { data: { reason: "globalUnsubscribe_must_be_boolean" } } });
    expect(await (await post({ topicUpdates: {} })).json()).toMatchObject({ error: { data: { reason: "topicUpdates_must_be_array" } } });
    expect(await (await post({ topicUpdates: [{ topicId: "x" }] })).json()).toMatchObject({ error: { data: { reason: "invalid_topic_update_shape" } } });
    expect(await (await post({ topicUpdates: Array.from({ length: 101 }, () => ({ topicId: 1, subscribed: true })) })).json()).toMatchObject({ error: { data: { reason: "too_many_topic_updates" } } });
    const okR = await post({ topicUpdates: [{ topicId: w.news.id, subscribed: false }, { topicId: w.news.id, subscribed: true }, { topicId: w.deals.id, subscribed: false }] });
    expect(await okR.json()).toEqual({ ok: true, data: { message: "Preferences updated successfully" } });
    expect(w.a.contacts.get(w.ctx, w.contact.id).memberships.map((m) => m.topicName)).toEqual(["News"]);
    const page = await w.pub.get(`/preferences?token=${token}`);
    expect(page.text).not.toContain("<b>offers</b>");
    expect(page.text).toContain("&lt;b&gt;offers&lt;/b&gt;");
    const saved = await w.pub.post(`/preferences?token=${token}`, { shown: `${w.news.id},${w.deals.id}`, topics: String(w.deals.id), intent: "save" });
    expect(saved.text).toContain("Your preferences are saved.");
    expect(w.a.contacts.get(w.ctx, w.contact.id).memberships.map((m) => m.topicName)).toEqual(["Deals"]);
    expect(w.a.contacts.timeline(w.ctx, w.contact.id).entries.filter((e) => e.source === "preferences").length).toBeGreaterThanOrEqual(3);
  });
});

describe("double opt-in endpoints (api.md §5.4) and forms (§5.6)", () => {
  test("form with a DOI topic: pending, mail in the outbox, verify, confirm once, expired token → clear page", async () => {
    const w = await world();
    const weekly = w.a.topics.create(w.ctx, { name: "Weekly" });
    const form = w.t.app.forms.create(w.ctx, { name: "Footer", topicId: String(weekly.id) });
    const submit = (body: BodyInit, type: string, ip = "192.0.2.1") => w.raw("POST", `/forms/${form.publicId}`, { body, headers: { "content-type": type }, ip });
    const r = await submit(JSON.stringify({ email: "New@Example.com", firstName: "Nia" }), "application/json");
    expect(await r.json()).toEqual({ ok: true, data: { message: "Please check your email to confirm your subscription", confirmationRequired: true } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    const mail = listOutbox(w.t.app.system).find((m) => m.to === "new@example.com")!;
    expect(mail.subject).toBe("Confirm your subscription to Acme");
    const token = decodeURIComponent(mail.text.match(/confirm\?token=(\S+)/)![1]!);
    const v = await w.raw("GET", `/confirm/doi/verify?token=${encodeURIComponent(token)}`);
    expect(await v.json()).toEqual({ ok: true, data: { contactEmail: "new@example.com", contactFirstName: "Nia", doiStatus: "pending" } });
    expect((await w.raw("GET", `/confirm/doi/verify?token=x.${"a".repeat(32)}`)).status).toBe(404);
    expect((await w.raw("GET", "/confirm/doi/verify")).status).toBe(400);
    const page = await w.pub.get(`/confirm?token=${encodeURIComponent(token)}`);
    expect(page.text).toContain("Confirm subscription");
    expect(w.a.contacts.byEmail(w.ctx, "new@example.com")!.doiStatus).toBe("pending");
    const c1 = await w.raw("POST", `/confirm/doi?token=${encodeURIComponent(token)}`);
    expect(await c1.json()).toEqual({ ok: true, data: { alreadyConfirmed: false, contactEmail: "new@example.com", message: "Your subscription has been confirmed!" } });
    const c2 = await w.raw("POST", `/confirm/doi?token=${encodeURIComponent(token)}`);
    expect((await c2.json()).data.alreadyConfirmed).toBe(true);
    const bad = await w.pub.get(`/confirm?token=${encodeURIComponent(token.slice(0, -4) + "aaaa")}`);
    expect(bad.status).toBe(404);
    expect(bad.text).toContain("Nothing was changed");
    expect((await w.raw("POST", `/confirm/doi?token=${encodeURIComponent(token.slice(0, -4) + "aaaa")}`)).status).toBe(400);
  });

  test("forms: urlencoded with redirect, multipart, honeypot → spam, unknown 404, inactive 403, >100 KB 400, invalid 400, flood 429", async () => {
    const w = await world();
    const form = w.t.app.forms.create(w.ctx, { name: "Site", topicId: String(w.news.id), redirectUrl: "https://example.org/thanks" });
    const post = (body: BodyInit, type: string, ip = "192.0.2.7", id = form.publicId) => w.raw("POST", `/forms/${id}`, { body, headers: type ? { "content-type": type } : {}, ip });
    const url = await post("email=a1%40example.com&first_name=Al&company=ACME", "application/x-www-form-urlencoded");
    expect(url.status).toBe(302);
    expect(url.headers.get("location")).toBe("https://example.org/thanks");
    const fd = new FormData();
    fd.append("email", "m1@example.com");
    fd.append("lastName", "Multi");
    fd.append("file", new File(["x"], "x.txt"));
    expect((await post(fd, "", "192.0.2.8")).status).toBe(302);
    expect(w.a.contacts.byEmail(w.ctx, "m1@example.com")!.lastName).toBe("Multi");
    const spam = await post(JSON.stringify({ email: "bot@example.com", _hp_field: "gotcha" }), "application/json", "192.0.2.9");
    expect(spam.status).toBe(302);
    expect(w.a.contacts.byEmail(w.ctx, "bot@example.com")).toBeNull();
    expect((await post("{}", "application/json", "192.0.2.10", `${w.ctx.org.id}.nosuchform00`)).status).toBe(404);
    const invalid = await post(JSON.stringify({ email: "nope" }), "application/json", "192.0.2.11");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: { category: "invalid_input", message: "Email must be a valid email address", data: { reason: "validation_error" } } });
    expect((await post("x".repeat(100_001), "application/x-www-form-urlencoded", "192.0.2.12")).status).toBe(400);
    expect((await post("<x/>", "text/xml", "192.0.2.13")).status).toBe(400);
    const cfg = { name: "Site", topicId: String(w.news.id), redirectUrl: "https://example.org/thanks" };
    w.t.app.forms.update(w.ctx, form.id, { ...cfg, active: "off" });
    const inactive = await post(JSON.stringify({ email: "late@example.com" }), "application/json", "192.0.2.14");
    expect(inactive.status).toBe(403);
    expect((await inactive.json()).error.data.reason).toBe("form_inactive");
    w.t.app.forms.update(w.ctx, form.id, { ...cfg, active: "on" });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await post(JSON.stringify({ email: `f${i}@example.com` }), "application/json", "192.0.2.99")).status);
    expect(codes).toEqual([302, 302, 302, 302, 302, 429]);
    const s = w.t.app.forms.submissions(w.ctx, form.id, {});
    expect(s.counts).toMatchObject({ success: 7, spam: 1, invalid: 1 });
    const page = await w.owner.client.get(`/o/${w.owner.slug}/forms/${form.id}`);
    expect(page.text).toContain(`action=&quot;http://localhost:3000/forms/${form.publicId}&quot;`);
    expect(page.text).toContain("Pending confirmation: 0");
    w.t.app.flags.set(w.ctx.org.id, "forms", false, w.ctx.actor);
    expect((await post(JSON.stringify({ email: "off@example.com" }), "application/json", "192.0.2.15")).status).toBe(403);
    expect((await w.owner.client.get(`/o/${w.owner.slug}/forms`)).location).toContain("disabled=forms");
  });

  test("metadata of old submissions is scrubbed by the job", async () => {
    const w = await world();
    const form = w.t.app.forms.create(w.ctx, { name: "Old" });
    await w.t.app.forms.submit(form.publicId, { email: "o@example.com" }, { ip: "192.0.2.1", userAgent: "UA" });
    expect(w.t.app.forms.scrubMetadata(w.ctx.db)).toBe(0);
    w.clock.advance(91 * DAY);
    expect(w.t.app.forms.scrubMetadata(w.ctx.db)).toBe(1);
    expect(w.t.app.forms.submissions(w.ctx, form.id, {}).items[0]).toMatchObject({ ip: null, userAgent: null, email: "o@example.com" });
  });
});

describe("CSV import pages", () => {
  test("chunked upload → mapping → background job with progress → report with row numbers", async () => {
    const w = await world();
    const base = `/o/${w.owner.slug}/contacts/import`;
    const c = w.owner.client;
    const begin = await c.request("POST", `${base}/uploads`, { json: { name: "list.csv" }, headers: { "x-csrf-token": c.csrf } });
    const { chunk, finish } = JSON.parse(begin.text);
    const csv = "email,first name,plan,list\nx1@example.com,Xi,pro,News\nbroken,Bo,free,News\nx2@example.com,Xu,free,\"News,Fresh\"\n";
    const bytes = new TextEncoder().encode(csv);
    const send = (from: number, to: number) => w.t.http.handle(new Request(`http://localhost${chunk}?offset=${from}`, { method: "POST", body: bytes.slice(from, to), headers: { cookie: `owlat_session=${c.cookies.get("owlat_session")}; owlat_csrf=${c.csrf}`, "x-csrf-token": c.csrf, "content-type": "application/octet-stream" } }));
    expect(await (await send(0, 20)).json()).toEqual({ size: 20 });
    expect((await send(40, 60)).status).toBe(400);
    await send(20, bytes.length);
    const done = JSON.parse((await c.request("POST", finish, { json: {}, headers: { "x-csrf-token": c.csrf } })).text);
    const mapping = await c.get(done.next);
    expect(mapping.text).toContain("Map the columns");
    expect(mapping.text).toContain("1 invalid emails");
    expect(mapping.text).toContain("Create topic “Fresh”");
    const id = done.next.split("/").pop();
    const noEmail = await c.post(`${base}/${id}/start`, { col_0: "ignore", col_1: "firstName", col_2: "new:text", col_3: "topic", duplicates: "skip" });
    expect(noEmail.status).toBe(422);
    expect(noEmail.text).toContain("Map one column to Email");
    const start = await c.post(`${base}/${id}/start`, { col_0: "email", col_1: "firstName", col_2: "new:text", col_3: "topic", duplicates: "skip", topicmap_0: String(w.news.id), topicmap_1: "create" });
    expect(start.status).toBe(303);
    const queued = await c.get(`${base}/${id}/progress`, { htmx: true });
    expect(queued.text).toContain('hx-trigger="every 1s"');
    await w.t.app.queue.drain();
    const report = await c.get(`${base}/${id}/progress`, { htmx: true });
    expect(report.text).not.toContain('hx-trigger="every 1s"');
    expect(report.text).toContain('data-counter="imported">2<');
    expect(report.text).toMatch(/<td class="py-1.5 pr-2">3<\/td><td class="pr-2">invalid email<\/td>/);
    expect(w.a.topics.list(w.ctx).find((t) => t.name === "Fresh")!.memberCount).toBe(1);
    expect(w.a.contacts.byEmail(w.ctx, "x1@example.com")!.properties).toEqual({ plan: "pro" });
  });
});

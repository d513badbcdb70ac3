import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../testing/test-app";
import { TestClient, setupOwner } from "../testing/client";
import { FEATURE_PATHS } from "./nav";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
function fresh(opts: Parameters<typeof makeTestApp>[0] = {}) {
  const t = makeTestApp(opts);
  apps.push(t);
  return t;
}

/** Owner signs in, invites `email`, which registers through the link in a second client. */
async function withMember(t: TestApp, email = "ed@example.com", role = "editor") {
  const owner = await setupOwner(t.http);
  const page = await owner.client.post(`/o/${owner.slug}/settings/team/invite`, { email, role });
  const link = page.text.match(/\/invite\/([a-z0-9]+)/)![0];
  const member = new TestClient(t.http);
  await member.get(link);
  const joined = await member.post(`${link}/register`, { name: "Ed", password: "member password 1" });
  expect(joined.status).toBe(303);
  return { owner, member };
}

describe("first run and sign-in", () => {
  test("/ leads to /setup until the first user exists, then setup closes", async () => {
    const t = fresh();
    const c = new TestClient(t.http);
    expect((await c.get("/")).location).toBe("/setup");
    expect((await c.get("/login")).location).toBe("/setup");
    const owner = await setupOwner(t.http);
    const dash = await owner.client.follow("/");
    expect(dash.url).toBe(`/o/${owner.slug}`);
    expect(dash.text).toContain("Get your instance ready");
    const other = new TestClient(t.http);
    expect((await other.get("/setup")).location).toBe("/login");
    await other.get("/login");
    const again = await other.post("/setup", { email: "evil@example.com", password: "correct horse battery", orgName: "Evil" });
    expect(again.status).toBe(403);
    expect(t.app.accounts.count()).toBe(1);
  });

  test("setup with bad input re-renders the form with the field's message", async () => {
    const t = fresh();
    const c = new TestClient(t.http);
    await c.get("/setup");
    const r = await c.post("/setup", { email: "owner@example.com", password: "short", orgName: "Acme" });
    expect(r.status).toBe(422);
    expect(r.text).toContain("Password must be at least 10 characters.");
    expect(r.text).toContain('value="owner@example.com"');
    expect(t.app.accounts.count()).toBe(0);
  });

  test("sign-in: wrong password is a clear 422; a session cookie is HttpOnly and SameSite=Lax; sign-out ends it", async () => {
    const t = fresh();
    await setupOwner(t.http);
    const c = new TestClient(t.http);
    await c.get("/login");
    const bad = await c.post("/login", { email: "owner@example.com", password: "nope nope nope" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Wrong email or password.");
    const res = await t.http.handle(new Request("http://localhost/login", {
      method: "POST",
      headers: { cookie: `owlat_csrf=${c.csrf}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: c.csrf, email: "owner@example.com", password: "correct horse battery" }),
    }));
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith("owlat_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const ok = await c.post("/login", { email: "owner@example.com", password: "correct horse battery", next: "/account" });
    expect(ok.location).toBe("/account");
    expect((await c.get("/account")).status).toBe(200);
    await c.post("/logout");
    expect((await c.get("/account")).location).toMatch(/^\/login\?next=/);
  });

  test("an open redirect through ?next= is refused", async () => {
    const t = fresh();
    await setupOwner(t.http);
    const c = new TestClient(t.http);
    await c.get("/login");
    const r = await c.post("/login", { email: "owner@example.com", password: "correct horse battery", next: "//evil.example/x" });
    expect(r.location).toBe("/");
  });
});

describe("password reset pages", () => {
  test("reset by email end to end through the dev outbox; without a transport the page says so", async () => {
    const t = fresh();
    await setupOwner(t.http);
    const c = new TestClient(t.http);
    await c.get("/forgot-password");
    const sent = await c.post("/forgot-password", { email: "owner@example.com" });
    expect(sent.text).toContain("If an account exists for that address");
    const mail = (await import("../domain/mail/outbox-mailer")).listOutbox(t.app.system)[0]!;
    const link = mail.text.match(/\/reset-password\/[a-z0-9]+/)![0];
    expect((await c.get(link)).text).toContain("Choose a new password");
    expect((await c.post(link, { password: "short" })).text).toContain("at least 10 characters");
    const done = await c.post(link, { password: "the new password 1" });
    expect(done.location).toBe("/login?reset=1");
    expect((await c.get(link)).text).toContain("invalid, expired or already used");

    const none = fresh({ flags: { "--dev": false }, env: { OWLAT_MTA: "off" } });
    await setupOwner(none.http);
    const d = new TestClient(none.http);
    await d.get("/forgot-password");
    const refused = await d.post("/forgot-password", { email: "owner@example.com" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("No mail transport is configured");
  });
});

describe("security", () => {
  test("strict CSP and security headers on pages", async () => {
    const t = fresh();
    const r = await new TestClient(t.http).get("/setup");
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(r.headers.get("x-request-id")).toBeTruthy();
    expect(r.text).not.toMatch(/<script>[^<]/);
  });

  test("POSTs without the CSRF token or from another origin are refused and change nothing", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    const noToken = await owner.client.post(`/o/${owner.slug}/settings`, { name: "Hacked" }, { csrf: false });
    expect(noToken.status).toBe(403);
    const wrong = await owner.client.request("POST", `/o/${owner.slug}/settings`, { form: { name: "Hacked", _csrf: "x".repeat(32) }, csrf: false });
    expect(wrong.status).toBe(403);
    const crossSite = await owner.client.request("POST", `/o/${owner.slug}/settings`, { form: { name: "Hacked" }, headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain("another site");
    expect(t.app.orgs.bySlug(owner.slug)!.name).toBe("Acme");
    const htmx = await owner.client.request("POST", `/o/${owner.slug}/settings`, { form: { name: "Renamed", physicalAddress: "1 Main St" }, htmx: true });
    expect(htmx.status).toBeLessThan(400);
    expect(t.app.orgs.bySlug(owner.slug)!.name).toBe("Renamed");
  });

  test("names are escaped wherever they are shown", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http, { email: "owner@example.com", password: "correct horse battery", name: "<img src=x onerror=alert(1)>", orgName: "<script>alert(1)</script>" });
    const dash = await owner.client.get(`/o/${owner.slug}`);
    expect(dash.text).not.toContain("<script>alert(1)</script>");
    expect(dash.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const team = await owner.client.get(`/o/${owner.slug}/settings/team`);
    expect(team.text).not.toContain("<img src=x");
  });

  test("errors: JSON for /api, plain text for htmx, a page otherwise — never a stack trace", async () => {
    const t = fresh();
    const c = new TestClient(t.http);
    const api = await c.get("/api/v1/nothing-here");
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text)).toMatchObject({ error: { category: "not_found" } });
    const page = await c.get("/nothing-here");
    expect(page.status).toBe(404);
    expect(page.text).toContain("This page does not exist.");
    const owner = await setupOwner(t.http);
    const hx = await owner.client.get(`/o/${owner.slug}/settings/system/jobs`, { htmx: true });
    expect(hx.status).toBe(404);
    expect(hx.headers.get("content-type")).toContain("text/plain");
    for (const r of [api, page, hx]) expect(r.text).not.toMatch(/at .*\.tsx?:\d+/);
  });
});

describe("organizations and tenant isolation", () => {
  test("a user of org A gets 404 or 403 on every org B route, and org B's data is untouched", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    const orgB = t.app.orgs.create({ name: "Beta", slug: "beta" }, null, { userId: null, label: "t", ip: null, userAgent: null });
    t.app.settings.setOrgValue({ db: t.app.tenants.get(orgB.id) }, "profile", { defaultFromName: "Beta sender", physicalAddress: "B street", timezone: "UTC" });
    const routes = t.http.routes.filter((r) => r.path.startsWith("/o/:slug"));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = route.path.replace(":slug", "beta").replace(/:[a-zA-Z]+/g, "x");
      const r = await owner.client.request(route.method, path, route.method === "GET" ? {} : { form: { name: "pwned", email: "a@b.co", role: "admin" } });
      expect([403, 404]).toContain(r.status);
    }
    expect(t.app.orgs.bySlug("beta")!.name).toBe("Beta");
    expect(t.app.settings.profile({ db: t.app.tenants.get(orgB.id) }).defaultFromName).toBe("Beta sender");
    expect(t.app.orgs.members(orgB.id)).toEqual([]);
  });

  test("a user in two organizations switches between them", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    await owner.client.get("/orgs/new");
    const created = await owner.client.post("/orgs", { orgName: "Second Org" });
    expect(created.location).toBe("/o/second-org");
    const page = await owner.client.get("/o/second-org");
    expect(page.text).toContain(`href="/o/${owner.slug}"`);
    expect((await owner.client.get("/")).location).toBe("/o/second-org");
    await owner.client.get(`/o/${owner.slug}`);
    expect((await owner.client.get("/")).location).toBe(`/o/${owner.slug}`);
  });

  test("invite → register through the link → role change → ownership rules, all audited", async () => {
    const t = fresh();
    const { owner, member } = await withMember(t);
    const dash = await member.follow("/");
    expect(dash.url).toBe(`/o/${owner.slug}`);
    const edId = t.app.accounts.byEmail("ed@example.com")!.id;
    expect((await member.post(`/o/${owner.slug}/settings/team/invite`, { email: "x@example.com", role: "editor" })).status).toBe(422);
    expect((await member.get(`/o/${owner.slug}/settings/audit`)).status).toBe(403);
    const changed = await owner.client.post(`/o/${owner.slug}/settings/team/members/${edId}/role`, { role: "admin" });
    expect(changed.status).toBe(303);
    expect(t.app.orgs.membership(edId, owner.slug)!.role).toBe("admin");
    const audit = await owner.client.get(`/o/${owner.slug}/settings/audit?range=all`);
    expect(audit.text).toContain("team_member.role_changed");
    expect(audit.text).toContain("team_member.invited");
    expect(audit.text).toContain("team_member.joined");
  });

  test("an invitation mail lands in the dev outbox page", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    await owner.client.post(`/o/${owner.slug}/settings/team/invite`, { email: "ed@example.com", role: "editor" });
    const outbox = await owner.client.get("/dev/outbox");
    expect(outbox.text).toContain("You are invited to Acme on Owlat");
  });

  test("without a mail transport the invite is still created and the page shows the link with the reason", async () => {
    const t = fresh({ flags: { "--dev": false }, env: { OWLAT_MTA: "off" } });
    const owner = await setupOwner(t.http);
    const r = await owner.client.post(`/o/${owner.slug}/settings/team/invite`, { email: "ed@example.com", role: "editor" });
    expect(r.text).toContain("No mail transport is configured");
    expect(r.text).toMatch(/\/invite\/[a-z0-9]{20,}/);
    expect((await owner.client.get("/dev/outbox")).status).toBe(404);
  });
});

describe("a damaged organization database", () => {
  test("its pages say what happened and how to recover, without a stack trace; other organizations keep working", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    const org = t.app.orgs.bySlug(owner.slug)!;
    const other = t.app.orgs.create({ name: "Fine", slug: "fine" }, t.app.accounts.byEmail("owner@example.com")!.id, { userId: null, label: "t", ip: null, userAgent: null });
    t.app.tenants.close(org.id);
    const { writeFileSync } = await import("node:fs");
    const { tenantDbPath } = await import("../db/tenants");
    writeFileSync(tenantDbPath(t.dir, org.id), "not a database ".repeat(1000));
    const r = await owner.client.get(`/o/${owner.slug}/settings`);
    expect(r.status).toBe(503);
    expect(r.text).toContain("cannot be opened");
    expect(r.text).toContain("owlat restore");
    expect(r.text).not.toMatch(/at .*\.tsx?:\d+/);
    expect((await owner.client.get(`/o/${other.slug}/settings`)).status).toBe(200);
  });
});

describe("feature flags", () => {
  test("preview shows the cascade; apply stores it and writes the audit log", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    const org = t.app.orgs.bySlug(owner.slug)!;
    const preview = await owner.client.request("POST", `/o/${owner.slug}/settings/features/preview`, { form: { kind: "flag", key: "campaigns", enabled: "false" }, htmx: true });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("Campaign archive");
    expect(t.app.flags.isEnabled(org.id, "campaigns")).toBe(true);
    const apply = await owner.client.post(`/o/${owner.slug}/settings/features/apply`, { kind: "flag", key: "campaigns", enabled: "false" });
    expect(apply.status).toBe(303);
    expect(t.app.flags.isEnabled(org.id, "campaigns")).toBe(false);
    expect(t.app.flags.isEnabled(org.id, "campaigns.archive")).toBe(false);
    const entries = t.app.audit.list({ orgId: org.id });
    expect(entries.some((e) => e.action === "settings.updated" && e.resourceId === "campaigns")).toBe(true);
  });

  test("a disabled feature's pages redirect with ?disabled= and its other routes answer 403; nav hides it", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    const org = t.app.orgs.bySlug(owner.slug)!;
    FEATURE_PATHS.push({ prefix: "/settings/audit", flag: "webhooks" });
    try {
      const page = await owner.client.get(`/o/${owner.slug}/settings/audit`);
      expect(page.location).toBe(`/o/${owner.slug}?disabled=webhooks`);
      const notice = await owner.client.get(page.location!);
      expect(notice.text).toContain("Webhooks");
      const hx = await owner.client.get(`/o/${owner.slug}/settings/audit/rows`, { htmx: true });
      expect(hx.status).toBe(403);
      t.app.flags.set(org.id, "webhooks", true, { userId: null, label: "t", ip: null, userAgent: null });
      expect((await owner.client.get(`/o/${owner.slug}/settings/audit`)).status).toBe(200);
    } finally {
      FEATURE_PATHS.pop();
    }
  });

  test("editors cannot change features", async () => {
    const t = fresh();
    const { owner, member } = await withMember(t);
    const r = await member.post(`/o/${owner.slug}/settings/features/apply`, { kind: "flag", key: "forms", enabled: "false" });
    expect(r.status).toBe(403);
  });
});

describe("audit log page", () => {
  test("filters by resource and member; CSV export escapes formulas", async () => {
    const t = fresh();
    const owner = await setupOwner(t.http);
    await owner.client.post(`/o/${owner.slug}/settings`, { name: "=HYPERLINK(\"x\")", physicalAddress: "1 Main St" });
    const csv = await owner.client.get(`/o/${owner.slug}/settings/audit.csv?range=all`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\n")[0]).toBe("time,actor,action,resource,resource_id,details,ip,user_agent");
    expect(csv.text).toContain("settings.updated");
    expect(csv.text).not.toMatch(/,=HYPERLINK/);
    const filtered = await owner.client.get(`/o/${owner.slug}/settings/audit?range=all&resource=team_member`);
    expect(filtered.text).not.toContain("settings.updated");
  });
});

describe("operations", () => {
  test("/health reports database, web and mta", async () => {
    const t = fresh();
    const r = await new TestClient(t.http).get("/health");
    expect(JSON.parse(r.text)).toMatchObject({ database: true, web: true, mta: false });
  });

  test("/metrics in Prometheus text; with a token configured it needs the token", async () => {
    const t = fresh();
    await setupOwner(t.http);
    await Bun.sleep(20); // request counters are updated after each response is sent
    const m = await new TestClient(t.http).get("/metrics");
    expect(m.text).toContain("# TYPE owlat_http_requests_total counter");
    expect(m.text).toMatch(/owlat_db_bytes\{db="tenant",org="acme"\} \d+/);
    const locked = fresh({ env: { OWLAT_METRICS_TOKEN: "s3cret-token" } });
    expect((await new TestClient(locked.http).get("/metrics", { headers: { "x-forwarded-for": "1.2.3.4" } })).status).toBe(403);
    expect((await new TestClient(locked.http).get("/metrics", { headers: { authorization: "Bearer s3cret-token" } })).status).toBe(200);
  });

  test("System page: instance administrators only; jobs can be run from it", async () => {
    const t = fresh();
    const { owner, member } = await withMember(t);
    expect((await member.get(`/o/${owner.slug}/settings/system`)).status).toBe(403);
    const page = await owner.client.get(`/o/${owner.slug}/settings/system`);
    expect(page.text).toContain("audit.retention");
    const run = await owner.client.post(`/o/${owner.slug}/settings/system/jobs/audit.retention/run`);
    expect(run.status).toBe(303);
    expect(t.app.scheduler.status().find((j) => j.name === "audit.retention")!.lastStatus).toBe("ok");
  });
});

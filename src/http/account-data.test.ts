import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../testing/test-app";
import { TestClient, setupOwner } from "../testing/client";
import { listOutbox } from "../domain/mail/outbox-mailer";
import { DAY } from "../lib/time";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

describe("account data (AC-02…AC-04)", () => {
  test("complete JSON export holds the profile and each organization's audience", async () => {
    const t = makeTestApp();
    apps.push(t);
    const o = await setupOwner(t.http);
    const org = t.app.orgs.bySlug(o.slug)!;
    const ctx = { org, role: "owner" as const, actor: { userId: null, label: "t", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
    t.app.audience.topics.create(ctx, { name: "News" });
    for (let i = 0; i < 1500; i++) t.app.audience.contacts.findOrCreate(ctx, { email: `e${i}@example.com`, firstName: `"quoted" ${i}` }, "strict", "api");
    t.app.forms.create(ctx, { name: "Signup" });
    const r = await o.client.get("/account/export.json");
    expect(r.headers.get("content-disposition")).toMatch(/owlat-data-export-\d{4}-\d{2}-\d{2}\.json/);
    const data = JSON.parse(r.text);
    expect(data.profile.email).toBe("owner@example.com");
    expect(data.organizations[0]).toMatchObject({ slug: o.slug, role: "owner" });
    expect(data.organizations[0].contacts.length).toBe(1500);
    expect(data.organizations[0].topics[0].name).toBe("News");
    expect(data.organizations[0].forms[0].name).toBe("Signup");
    const csv = await o.client.get(`/o/${o.slug}/contacts/account-export.csv`);
    expect(csv.text.split("\n")[0]).toBe("email,firstName,lastName,source,timezone,createdAt,updatedAt,topics");
    expect((await new TestClient(t.http).get("/account/export.json")).location).toMatch(/^\/login/);
  });

  test("deletion: type DELETE, 30-day grace with banner, cancel by link without login, purge after the grace", async () => {
    const clock = manualClock();
    const t = makeTestApp({ clock });
    apps.push(t);
    const o = await setupOwner(t.http);
    const blocked = await o.client.post("/account/data/delete", { confirm: "DELETE" });
    expect(blocked.text).toContain("has no other member");
    await o.client.post(`/o/${o.slug}/settings/team/invite`, { email: "second@example.com", role: "admin" });
    const link = listOutbox(t.app.system)[0]!.text.match(/\/invite\/[a-z0-9]+/)![0];
    const second = new TestClient(t.http);
    await second.get(link);
    await second.post(`${link}/register`, { name: "Sec", password: "second password 1" });
    const secondId = t.app.accounts.byEmail("second@example.com")!.id;
    expect((await second.post("/account/data/delete", { confirm: "delete" })).text).toContain("Type DELETE");
    const req = await second.post("/account/data/delete", { confirm: "DELETE", reason: "testing" });
    expect(req.text).toContain("days left");
    const mail = listOutbox(t.app.system).find((m) => m.to === "second@example.com" && m.subject.includes("deleted"))!;
    const cancel = mail.text.match(/\/cancel-deletion\?token=\S+/)![0];
    const stranger = new TestClient(t.http);
    expect((await stranger.get("/cancel-deletion?token=x.y")).status).toBe(404);
    expect((await stranger.get(cancel)).text).toContain("Keep my account");
    expect((await stranger.post(cancel)).text).toContain("The deletion is cancelled");
    expect(t.app.accountData.status(secondId)).toBeNull();
    await second.post("/account/data/delete", { confirm: "DELETE" });
    clock.advance(29 * DAY);
    expect(t.app.accountData.purgeDue({ userId: null, label: "t", ip: null, userAgent: null })).toBe(0);
    clock.advance(2 * DAY);
    expect(t.app.accountData.purgeDue({ userId: null, label: "t", ip: null, userAgent: null })).toBe(1);
    expect(t.app.accounts.byId(secondId)).toBeFalsy();
    expect(t.app.orgs.members(t.app.orgs.bySlug(o.slug)!.id).map((m) => m.email)).toEqual(["owner@example.com"]);
    expect((await second.get("/account/data")).location).toMatch(/^\/login/);
  });
});

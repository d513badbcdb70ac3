import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import { listOutbox } from "../mail/outbox-mailer";
import { MINUTE, DAY } from "../../lib/time";
import type { OrgScope } from "./service";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const anon = { userId: null, label: "test", ip: null, userAgent: null };

async function team(clock = manualClock()) {
  const t = makeTestApp({ clock });
  apps.push(t);
  const { user, org } = await t.app.accounts.setup({ email: "owner@example.com", password: "correct horse battery", orgName: "Acme" }, anon);
  const owner: OrgScope = { org, role: "owner", actor: { userId: user.id, label: user.email, ip: null, userAgent: null } };
  const join = async (email: string, role: "admin" | "editor") => {
    const { link } = await t.app.orgs.invite(owner, { email, role });
    const token = link.split("/invite/")[1]!;
    const u = await t.app.accounts.register({ email, password: "member password 1" }, anon);
    t.app.orgs.acceptInvitation(token, u, anon);
    const scope: OrgScope = { org, role, actor: { userId: u.id, label: email, ip: null, userAgent: null } };
    return { user: u, scope };
  };
  return { ...t, clock, owner, org, ownerUser: user, join };
}

describe("organizations", () => {
  test("each organization has its own database file and a unique slug", async () => {
    const t = await team();
    const b = t.app.orgs.create({ name: "Acme" }, t.ownerUser.id, anon);
    expect(b.slug).toBe("acme-2");
    expect(t.app.tenants.exists(b.id)).toBe(true);
    expect(t.app.orgs.forUser(t.ownerUser.id).map((o) => o.slug).sort()).toEqual(["acme", "acme-2"]);
    expect(() => t.app.orgs.create({ name: "X", slug: "Bad Slug" }, null, anon)).toThrow(/Slug must be/);
    expect(() => t.app.orgs.create({ name: "X", slug: "acme" }, null, anon)).toThrow(/exists/);
    t.app.orgs.remove(b.id, anon);
    expect(t.app.tenants.exists(b.id)).toBe(false);
  });
});

describe("invitations", () => {
  test("invite mails a 7-day link; duplicates and members are refused", async () => {
    const t = await team();
    const r = await t.app.orgs.invite(t.owner, { email: "Ed@Example.com", role: "editor" });
    expect(r.mailError).toBeNull();
    const mail = listOutbox(t.app.system)[0]!;
    expect(mail.to).toBe("ed@example.com");
    expect(mail.text).toContain(r.link);
    expect(r.invitation.expiresAt - r.invitation.createdAt).toBe(7 * DAY);
    await expect(t.app.orgs.invite(t.owner, { email: "ed@example.com", role: "editor" })).rejects.toThrow(/pending invitation/);
    await expect(t.app.orgs.invite(t.owner, { email: "owner@example.com", role: "admin" })).rejects.toThrow(/already a member/);
    await expect(t.app.orgs.invite(t.owner, { email: "x@example.com", role: "owner" })).rejects.toMatchObject({ details: { field: "role" } });
    await expect(t.app.orgs.invite(t.owner, { email: "not-an-email", role: "editor" })).rejects.toMatchObject({ details: { field: "email" } });
  });

  test("resend at most once a minute, with a new token", async () => {
    const clock = manualClock();
    const t = await team(clock);
    const first = await t.app.orgs.invite(t.owner, { email: "ed@example.com", role: "editor" });
    await expect(t.app.orgs.resendInvitation(t.owner, first.invitation.id)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    clock.advance(MINUTE);
    const again = await t.app.orgs.resendInvitation(t.owner, first.invitation.id);
    expect(again.link).not.toBe(first.link);
    expect(t.app.orgs.invitationByToken(first.link.split("/invite/")[1]!)).toBeNull();
  });

  test("expired, revoked and used tokens cannot be accepted; the address must match", async () => {
    const clock = manualClock();
    const t = await team(clock);
    const inv = await t.app.orgs.invite(t.owner, { email: "ed@example.com", role: "editor" });
    const token = inv.link.split("/invite/")[1]!;
    const other = await t.app.accounts.register({ email: "other@example.com", password: "member password 1" }, anon);
    expect(() => t.app.orgs.acceptInvitation(token, other, anon)).toThrow(/sign in with that address/);
    clock.advance(7 * DAY + 1);
    expect(t.app.orgs.invitationByToken(token)).toBeNull();
    const inv2 = await t.app.orgs.invite(t.owner, { email: "ed@example.com", role: "editor" });
    t.app.orgs.revokeInvitation(t.owner, inv2.invitation.id);
    expect(t.app.orgs.invitationByToken(inv2.link.split("/invite/")[1]!)).toBeNull();
  });

  test("at most 50 members, pending invitations included", async () => {
    const t = await team();
    for (let i = 0; i < 49; i++) await t.app.orgs.invite(t.owner, { email: `m${i}@example.com`, role: "editor" });
    await expect(t.app.orgs.invite(t.owner, { email: "one-too-many@example.com", role: "editor" })).rejects.toMatchObject({ code: "LIMIT_REACHED" });
  });

  test("editors cannot invite", async () => {
    const t = await team();
    const ed = await t.join("ed@example.com", "editor");
    await expect(t.app.orgs.invite(ed.scope, { email: "x@example.com", role: "editor" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("roles", () => {
  test("only the owner changes roles; never their own; owner is not assignable", async () => {
    const t = await team();
    const ed = await t.join("ed@example.com", "editor");
    const ad = await t.join("ad@example.com", "admin");
    expect(() => t.app.orgs.changeRole(ad.scope, ed.user.id, "admin")).toThrow(/Only the owner/);
    expect(() => t.app.orgs.changeRole(t.owner, t.ownerUser.id, "admin")).toThrow(/own role/);
    expect(() => t.app.orgs.changeRole(t.owner, ed.user.id, "owner")).toThrow(/Transfer ownership/);
    t.app.orgs.changeRole(t.owner, ed.user.id, "admin");
    expect(t.app.orgs.membership(ed.user.id, "acme")?.role).toBe("admin");
    const audit = t.app.audit.list({ orgId: t.org.id, resource: "team_member" }).map((e) => e.action);
    expect(audit).toContain("team_member.role_changed");
    expect(audit).toContain("team_member.invited");
  });

  test("admins remove editors only; owners remove anyone but themselves", async () => {
    const t = await team();
    const ed = await t.join("ed@example.com", "editor");
    const ad = await t.join("ad@example.com", "admin");
    const ad2 = await t.join("ad2@example.com", "admin");
    expect(() => t.app.orgs.removeMember(ad.scope, ad2.user.id)).toThrow(/Admins can remove editors only/);
    expect(() => t.app.orgs.removeMember(ad.scope, t.ownerUser.id)).toThrow(/editors only/);
    t.app.orgs.removeMember(ad.scope, ed.user.id);
    expect(() => t.app.orgs.removeMember(t.owner, t.ownerUser.id)).toThrow(/yourself/);
    t.app.orgs.removeMember(t.owner, ad2.user.id);
    expect(t.app.orgs.members(t.org.id).map((m) => m.email).sort()).toEqual(["ad@example.com", "owner@example.com"]);
  });

  test("transfer ownership promotes the target and demotes the owner to admin", async () => {
    const t = await team();
    const ad = await t.join("ad@example.com", "admin");
    expect(() => t.app.orgs.transferOwnership(ad.scope, ad.user.id)).toThrow(/Only the owner/);
    t.app.orgs.transferOwnership(t.owner, ad.user.id);
    expect(t.app.orgs.membership(ad.user.id, "acme")?.role).toBe("owner");
    expect(t.app.orgs.membership(t.ownerUser.id, "acme")?.role).toBe("admin");
  });
});

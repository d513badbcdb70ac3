import { afterEach, describe, expect, test } from "bun:test";
import { generateTOTP } from "@oslojs/otp";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import { listOutbox } from "../mail/outbox-mailer";
import { validateSessionToken } from "./sessions";
import { unsealTotpKey } from "./totp";
import { HOUR, DAY } from "../../lib/time";
import { sha256Hex } from "../../lib/crypto";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const actor = { userId: null, label: "test", ip: "203.0.113.9", userAgent: "bun" };

function fresh(clock = manualClock()) {
  const t = makeTestApp({ clock });
  apps.push(t);
  return { ...t, clock };
}

async function withOwner(clock = manualClock()) {
  const t = fresh(clock);
  const { user, org } = await t.app.accounts.setup({ email: "Owner@Example.com", password: "correct horse battery", name: "Olive", orgName: "Acme" }, actor);
  return { ...t, user, org };
}

const lastLink = (t: TestApp, path: string) => {
  const mail = listOutbox(t.app.system)[0]!;
  const m = mail.text.match(new RegExp(`https?://[^\\s]+${path}/([a-z0-9]+)`));
  return { mail, token: m?.[1] ?? "" };
};

describe("first run", () => {
  test("setup creates the owner and the first organization once, then closes", async () => {
    const { app, user, org } = await withOwner();
    expect(user.email).toBe("owner@example.com");
    expect(user.isInstanceAdmin).toBe(true);
    expect(app.orgs.membership(user.id, org.slug)?.role).toBe("owner");
    expect(app.accounts.needsSetup()).toBe(false);
    await expect(app.accounts.setup({ email: "x@example.com", password: "another password", orgName: "B" }, actor)).rejects.toThrow(/already done/);
  });

  test("bad input names the field and writes nothing", async () => {
    const { app } = fresh();
    await expect(app.accounts.setup({ email: "nope", password: "correct horse battery", orgName: "A" }, actor)).rejects.toMatchObject({ details: { field: "email" } });
    await expect(app.accounts.setup({ email: "a@b.co", password: "short", orgName: "A" }, actor)).rejects.toMatchObject({ details: { field: "password" } });
    await expect(app.accounts.setup({ email: "a@b.co", password: "correct horse battery", orgName: " " }, actor)).rejects.toMatchObject({ details: { field: "orgName" } });
    expect(app.accounts.needsSetup()).toBe(true);
    expect(app.orgs.list()).toEqual([]);
  });
});

describe("sign-in and sessions", () => {
  test("passwords are argon2id; sessions store only a hash of the secret", async () => {
    const { app } = await withOwner();
    const row = app.system.$client.query("SELECT password_hash FROM users").get() as { password_hash: string };
    expect(row.password_hash.startsWith("$argon2id$")).toBe(true);
    const { token } = await app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor);
    const [id, secret] = token.split(".");
    const s = app.system.$client.query("SELECT secret_hash FROM sessions WHERE id = ?").get(id!) as { secret_hash: string };
    expect(s.secret_hash).toBe(sha256Hex(secret!));
    expect(JSON.stringify(app.system.$client.query("SELECT * FROM sessions").all())).not.toContain(secret!);
  });

  test("wrong password and unknown account give the same message", async () => {
    const { app } = await withOwner();
    await expect(app.accounts.login({ email: "owner@example.com", password: "wrong password!" }, actor)).rejects.toThrow("Wrong email or password.");
    await expect(app.accounts.login({ email: "nobody@example.com", password: "wrong password!" }, actor)).rejects.toThrow("Wrong email or password.");
  });

  test("a tampered token is refused; expiry slides forward when half is used", async () => {
    const clock = manualClock();
    const { app } = await withOwner(clock);
    const { token, session } = await app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor);
    expect(validateSessionToken(app.system, clock, token.slice(0, -1) + (token.endsWith("a") ? "b" : "a"))).toBeNull();
    clock.advance(20 * DAY);
    const again = validateSessionToken(app.system, clock, token)!;
    expect(again.expiresAt).toBeGreaterThan(session.expiresAt);
    clock.advance(31 * DAY);
    expect(validateSessionToken(app.system, clock, token)).toBeNull();
  });

  test("rate limits per account and per IP", async () => {
    const { app } = await withOwner();
    for (let i = 0; i < 10; i++) await app.accounts.login({ email: "owner@example.com", password: `bad password ${i}` }, { ...actor, ip: `198.51.100.${i}` }).catch(() => {});
    await expect(app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    for (let i = 0; i < 20; i++) await app.accounts.login({ email: `u${i}@example.com`, password: "bad password" }, { ...actor, ip: "192.0.2.1" }).catch(() => {});
    await expect(app.accounts.login({ email: "other@example.com", password: "whatever1234" }, { ...actor, ip: "192.0.2.1" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("password reset", () => {
  test("mail with a 1-hour single-use link; other sessions end", async () => {
    const clock = manualClock();
    const t = await withOwner(clock);
    const { token: session } = await t.app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor);
    await t.app.accounts.requestPasswordReset("owner@example.com", actor);
    const { mail, token } = lastLink(t, "/reset-password");
    expect(mail.to).toBe("owner@example.com");
    expect(token.length).toBeGreaterThan(20);
    expect(t.app.accounts.resetTokenValid(token)).toBe(true);
    await t.app.accounts.resetPassword(token, "a brand new password", actor);
    expect(validateSessionToken(t.app.system, clock, session)).toBeNull();
    await expect(t.app.accounts.resetPassword(token, "yet another password", actor)).rejects.toThrow(/invalid, expired or already used/);
    await t.app.accounts.login({ email: "owner@example.com", password: "a brand new password" }, actor);
  });

  test("an expired link is refused; unknown addresses get no mail and no hint", async () => {
    const clock = manualClock();
    const t = await withOwner(clock);
    await t.app.accounts.requestPasswordReset("nobody@example.com", actor);
    expect(listOutbox(t.app.system).length).toBe(0);
    await t.app.accounts.requestPasswordReset("owner@example.com", actor);
    const { token } = lastLink(t, "/reset-password");
    clock.advance(HOUR + 1000);
    await expect(t.app.accounts.resetPassword(token, "a brand new password", actor)).rejects.toThrow(/expired/);
  });
});

describe("email change", () => {
  test("verified through a link sent to the new address", async () => {
    const t = await withOwner();
    await expect(t.app.accounts.requestEmailChange(t.user.id, { email: "new@example.com", password: "wrong" }, actor)).rejects.toMatchObject({ details: { field: "password" } });
    await t.app.accounts.requestEmailChange(t.user.id, { email: "new@example.com", password: "correct horse battery" }, actor);
    const { mail, token } = lastLink(t, "/confirm-email");
    expect(mail.to).toBe("new@example.com");
    expect(t.app.accounts.byId(t.user.id)!.email).toBe("owner@example.com");
    expect(t.app.accounts.confirmEmailChange(token, actor).email).toBe("new@example.com");
    expect(() => t.app.accounts.confirmEmailChange(token, actor)).toThrow(/already used/);
  });
});

describe("two-factor", () => {
  test("TOTP enrolment, sign-in needs a code, recovery codes work once", async () => {
    const t = await withOwner();
    const { secret } = t.app.accounts.beginTotp(t.user.id);
    expect(secret.length).toBeGreaterThan(20);
    const sealed = (t.app.system.$client.query("SELECT totp_key_sealed FROM users").get() as { totp_key_sealed: string }).totp_key_sealed;
    expect(sealed).not.toContain(secret);
    const key = unsealTotpKey(t.app.secret, sealed)!;
    expect(() => t.app.accounts.confirmTotp(t.user.id, "000000", actor)).toThrow(/not valid/);
    const codes = t.app.accounts.confirmTotp(t.user.id, generateTOTP(key, 30, 6), actor);
    expect(codes.length).toBe(10);

    const login = await t.app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor);
    expect(login.session.twoFactorVerified).toBe(false);
    expect(() => t.app.accounts.verifySecondFactor(login.session, "123456")).toThrow(/not valid/);
    t.app.accounts.verifySecondFactor(login.session, codes[0]!);
    expect(validateSessionToken(t.app.system, t.clock, login.token)!.twoFactorVerified).toBe(true);

    const second = await t.app.accounts.login({ email: "owner@example.com", password: "correct horse battery" }, actor);
    expect(() => t.app.accounts.verifySecondFactor(second.session, codes[0]!)).toThrow(/not valid/);
    t.app.accounts.verifySecondFactor(second.session, generateTOTP(key, 30, 6));
    expect(t.app.accounts.remainingRecoveryCodes(t.user.id)).toBe(9);
  });
});

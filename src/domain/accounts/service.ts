import type { SystemDb } from "../../db/system";
import { AppError, invalid } from "../../lib/errors";
import { newId, newSecret } from "../../lib/ids";
import { sha256Hex } from "../../lib/crypto";
import { RateLimiter } from "../../lib/rate-limit";
import { MINUTE, type Clock } from "../../lib/time";
import type { AuditService } from "../audit/service";
import type { Mailer } from "../mail/model";
import { emailChangeMail, passwordResetMail } from "./messages";
import type { OrganizationsService } from "../organizations/service";
import type { Organization } from "../organizations/model";
import {
  EMAIL_CHANGE_TTL_MS, PASSWORD_RESET_TTL_MS, checkName, checkPassword, normalizeEmail, wrongCredentials,
  type Actor, type User,
} from "./model";
import * as q from "./queries";
import { createSession, type SessionInfo } from "./sessions";
import * as totp from "./totp";

export interface AccountsDeps {
  db: SystemDb;
  clock: Clock;
  audit: AuditService;
  orgs: OrganizationsService;
  mailer: () => Mailer;
  publicUrl: string;
  secret: string;
  /** argon2id cost; the defaults are Bun's (64 MiB, 2 passes). Tests use a cheaper setting. */
  passwordCost?: { memoryCost: number; timeCost: number };
}

export interface LoginResult {
  token: string;
  session: SessionInfo;
  user: User;
}

export function toUser(row: q.UserRow): User {
  return { id: row.id, email: row.email, name: row.name, isInstanceAdmin: row.isInstanceAdmin, totpEnabled: row.totpEnabledAt !== null, createdAt: row.createdAt };
}

export function createAccountsService(deps: AccountsDeps) {
  const { db, clock, audit } = deps;
  const ipLimiter = new RateLimiter(20, 10 * MINUTE, () => clock.now());
  const accountLimiter = new RateLimiter(10, 15 * MINUTE, () => clock.now());
  const twoFactorLimiter = new RateLimiter(6, 5 * MINUTE, () => clock.now());

  const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: "argon2id", ...deps.passwordCost });

  async function insertUser(input: { email: unknown; password: unknown; name?: unknown }, isInstanceAdmin: boolean): Promise<User> {
    const email = normalizeEmail(input.email);
    const password = checkPassword(input.password);
    const name = checkName(input.name);
    if (q.findUserByEmail(db, email)) throw new AppError("ALREADY_EXISTS", `An account with ${email} already exists.`, { field: "email" });
    const now = clock.now();
    const row = { id: newId(), email, name, passwordHash: await hashPassword(password), emailVerifiedAt: now, isInstanceAdmin, createdAt: now, updatedAt: now };
    q.insertUser(db, row);
    return toUser({ ...row, totpKeySealed: null, totpEnabledAt: null, lastOrgId: null });
  }

  function userOrThrow(id: string): q.UserRow {
    const row = q.findUserById(db, id);
    if (!row) throw new AppError("NOT_FOUND", "No such user.");
    return row;
  }

  function limited(result: { allowed: boolean; retryAfterMs: number }, what: string): void {
    if (!result.allowed) {
      throw new AppError("RATE_LIMITED", `Too many ${what}. Try again in ${Math.ceil(result.retryAfterMs / 60000)} minute(s).`, { retryAfterMs: result.retryAfterMs });
    }
  }

  const service = {
    needsSetup: () => q.countUsers(db) === 0,
    /** Deletes an account for good (the account-deletion purge); its organizations stay. */
    deleteUser(userId: string, actor: Actor): boolean {
      const row = q.findUserById(db, userId);
      if (!row || q.deleteUser(db, userId) === 0) return false;
      audit.record({ orgId: null, actor, action: "user.deleted", resource: "user", resourceId: userId, details: { email: row.email } });
      return true;
    },
    count: () => q.countUsers(db),
    byId: (id: string) => {
      const row = q.findUserById(db, id);
      return row ? toUser(row) : null;
    },
    byEmail: (email: string) => {
      const row = q.findUserByEmail(db, email.trim().toLowerCase());
      return row ? toUser(row) : null;
    },

    /** First run: the first visitor creates the owner and the first organization. Closed once a user exists. */
    async setup(input: { email: unknown; password: unknown; name?: unknown; orgName: unknown }, actor: Actor): Promise<{ user: User; org: Organization }> {
      if (!service.needsSetup()) throw new AppError("FORBIDDEN", "Setup is already done; sign in instead.");
      if (typeof input.orgName !== "string" || !input.orgName.trim()) throw invalid("orgName", "Organization name is required.");
      const user = await insertUser(input, true);
      const org = deps.orgs.create({ name: input.orgName }, user.id, { ...actor, userId: user.id, label: user.email });
      audit.record({ orgId: org.id, actor: { ...actor, userId: user.id, label: user.email }, action: "user.created", resource: "team_member", resourceId: user.id, details: { email: user.email, via: "setup" } });
      return { user, org };
    },

    /** `owlat admin create`: an instance administrator, optionally owning a new organization. */
    async createAdmin(input: { email: unknown; password: unknown; name?: unknown; orgName?: unknown }, actor: Actor): Promise<{ user: User; org: Organization | null }> {
      const user = await insertUser(input, true);
      audit.record({ orgId: null, actor, action: "user.created", resource: "team_member", resourceId: user.id, details: { email: user.email, via: "cli" } });
      const org = input.orgName ? deps.orgs.create({ name: input.orgName }, user.id, actor) : null;
      return { user, org };
    },

    /** Sign-up through an invitation link: the account gets the invited address. */
    async register(input: { email: unknown; password: unknown; name?: unknown }, actor: Actor): Promise<User> {
      const user = await insertUser(input, false);
      audit.record({ orgId: null, actor: { ...actor, userId: user.id, label: user.email }, action: "user.created", resource: "team_member", resourceId: user.id, details: { email: user.email, via: "invitation" } });
      return user;
    },

    async setPassword(email: unknown, password: unknown, actor: Actor): Promise<void> {
      const row = q.findUserByEmail(db, normalizeEmail(email));
      if (!row) throw new AppError("NOT_FOUND", `No account with ${String(email)}.`, { field: "email" });
      q.updateUser(db, row.id, { passwordHash: await hashPassword(checkPassword(password)), updatedAt: clock.now() });
      q.deleteUserSessions(db, row.id);
      audit.record({ orgId: null, actor, action: "user.password_reset", resource: "team_member", resourceId: row.id, details: { via: actor.label } });
    },

    async login(input: { email: unknown; password: unknown }, actor: Actor): Promise<LoginResult> {
      const ipKey = actor.ip ?? "unknown";
      limited(ipLimiter.check(ipKey), "sign-in attempts from your address");
      const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
      const password = typeof input.password === "string" ? input.password : "";
      if (!email) throw invalid("email", "Email is required.");
      if (!password) throw invalid("password", "Password is required.");
      limited(accountLimiter.check(email), "sign-in attempts for this account");
      const row = q.findUserByEmail(db, email);
      // No account: hash the password anyway (one argon2id run, like a verify), so timing does not
      // reveal which emails exist. No dummy hash at module load: that cost every process 0.2 s and 64 MB.
      const ok = row ? await Bun.password.verify(password, row.passwordHash) : (await hashPassword(password), false);
      if (!row || !ok) {
        ipLimiter.take(ipKey);
        accountLimiter.take(email);
        throw wrongCredentials();
      }
      accountLimiter.reset(email);
      const { token, session } = createSession(db, clock, { userId: row.id, twoFactorVerified: row.totpEnabledAt === null, ip: actor.ip, userAgent: actor.userAgent });
      return { token, session, user: toUser(row) };
    },

    /** Second step of sign-in for users with TOTP: a current code or an unused recovery code. */
    verifySecondFactor(session: SessionInfo, code: unknown): void {
      limited(twoFactorLimiter.check(session.userId), "codes");
      const row = userOrThrow(session.userId);
      const text = typeof code === "string" ? code.trim() : "";
      if (!text) throw invalid("code", "Enter the code from your authenticator app or a recovery code.");
      const key = row.totpKeySealed ? totp.unsealTotpKey(deps.secret, row.totpKeySealed) : null;
      let ok = key !== null && totp.verifyTotpCode(key, text);
      if (!ok && text.length > 6) {
        const hash = sha256Hex(totp.normalizeRecoveryCode(text));
        const match = q.unusedRecoveryCodes(db, row.id).find((c) => c.codeHash === hash);
        ok = match !== undefined && q.useRecoveryCode(db, match.id, clock.now());
      }
      if (!ok) {
        twoFactorLimiter.take(session.userId);
        throw invalid("code", "That code is not valid.");
      }
      q.updateSession(db, session.id, { twoFactorVerified: true });
    },

    logout: (sessionId: string) => void q.deleteSession(db, sessionId),

    async changePassword(userId: string, input: { current: unknown; next: unknown }, actor: Actor, keepSessionId: string): Promise<void> {
      const row = userOrThrow(userId);
      if (typeof input.current !== "string" || !(await Bun.password.verify(input.current, row.passwordHash))) {
        throw invalid("current", "Your current password is not right.");
      }
      q.updateUser(db, userId, { passwordHash: await hashPassword(checkPassword(input.next, "next")), updatedAt: clock.now() });
      for (const s of q.userSessions(db, userId)) {
        if (s.id !== keepSessionId) q.deleteSession(db, s.id);
      }
      audit.record({ orgId: null, actor, action: "user.password_changed", resource: "team_member", resourceId: userId });
    },

    updateProfile(userId: string, input: { name: unknown }): void {
      q.updateUser(db, userId, { name: checkName(input.name), updatedAt: clock.now() });
    },

    /** Sends a reset link when the account exists; the answer is the same either way. */
    async requestPasswordReset(emailInput: unknown, actor: Actor): Promise<void> {
      const email = normalizeEmail(emailInput);
      const mailer = deps.mailer();
      if (mailer.kind === "none") await mailer.send({ to: email, subject: "", text: "" });
      const row = q.findUserByEmail(db, email);
      if (!row) return;
      const now = clock.now();
      const token = newSecret();
      q.invalidateUserTokens(db, row.id, "password_reset", now);
      q.insertAuthToken(db, { id: newId(), purpose: "password_reset", userId: row.id, tokenHash: sha256Hex(token), createdAt: now, expiresAt: now + PASSWORD_RESET_TTL_MS });
      await mailer.send(passwordResetMail(email, `${deps.publicUrl}/reset-password/${token}`));
      audit.record({ orgId: null, actor: { ...actor, userId: row.id, label: email }, action: "user.password_reset_requested", resource: "team_member", resourceId: row.id });
    },

    /** Whether a reset token can still be used (for showing the form). */
    resetTokenValid(token: string): boolean {
      const row = q.findAuthToken(db, "password_reset", sha256Hex(token));
      return !!row && !row.usedAt && row.expiresAt > clock.now();
    },

    async resetPassword(token: string, password: unknown, actor: Actor): Promise<void> {
      const clean = checkPassword(password);
      const row = q.findAuthToken(db, "password_reset", sha256Hex(token));
      const now = clock.now();
      if (!row || row.usedAt || row.expiresAt <= now) throw new AppError("INVALID_STATE", "This reset link is invalid, expired or already used. Ask for a new one.");
      const hash = await hashPassword(clean);
      if (!q.consumeAuthToken(db, row.id, now)) throw new AppError("INVALID_STATE", "This reset link was already used.");
      q.updateUser(db, row.userId, { passwordHash: hash, updatedAt: now });
      q.deleteUserSessions(db, row.userId);
      audit.record({ orgId: null, actor: { ...actor, userId: row.userId }, action: "user.password_reset", resource: "team_member", resourceId: row.userId });
    },

    async requestEmailChange(userId: string, input: { email: unknown; password: unknown }, actor: Actor): Promise<void> {
      const row = userOrThrow(userId);
      const email = normalizeEmail(input.email);
      if (typeof input.password !== "string" || !(await Bun.password.verify(input.password, row.passwordHash))) {
        throw invalid("password", "Your password is not right.");
      }
      if (email === row.email) throw invalid("email", "That is already your email address.");
      if (q.findUserByEmail(db, email)) throw new AppError("ALREADY_EXISTS", "Another account uses that address.", { field: "email" });
      const now = clock.now();
      const token = newSecret();
      q.invalidateUserTokens(db, userId, "email_change", now);
      q.insertAuthToken(db, { id: newId(), purpose: "email_change", userId, tokenHash: sha256Hex(token), payload: { email }, createdAt: now, expiresAt: now + EMAIL_CHANGE_TTL_MS });
      await deps.mailer().send(emailChangeMail(email, `${deps.publicUrl}/confirm-email/${token}`));
      audit.record({ orgId: null, actor, action: "user.email_change_requested", resource: "team_member", resourceId: userId, details: { to: email } });
    },

    confirmEmailChange(token: string, actor: Actor): User {
      const row = q.findAuthToken(db, "email_change", sha256Hex(token));
      const now = clock.now();
      if (!row || row.usedAt || row.expiresAt <= now || !row.payload?.email) {
        throw new AppError("INVALID_STATE", "This confirmation link is invalid, expired or already used.");
      }
      const email = row.payload.email;
      if (q.findUserByEmail(db, email)) throw new AppError("ALREADY_EXISTS", "Another account uses that address now.");
      if (!q.consumeAuthToken(db, row.id, now)) throw new AppError("INVALID_STATE", "This confirmation link was already used.");
      const before = userOrThrow(row.userId).email;
      q.updateUser(db, row.userId, { email, emailVerifiedAt: now, updatedAt: now });
      audit.record({ orgId: null, actor: { ...actor, userId: row.userId, label: email }, action: "user.email_changed", resource: "team_member", resourceId: row.userId, details: { from: before, to: email } });
      return toUser(userOrThrow(row.userId));
    },

    /** Starts TOTP enrolment: a new key, stored sealed but not active until a code confirms it. */
    beginTotp(userId: string): { uri: string; secret: string } {
      const row = userOrThrow(userId);
      if (row.totpEnabledAt) throw new AppError("INVALID_STATE", "Two-factor authentication is already on.");
      const key = totp.newTotpKey();
      q.updateUser(db, userId, { totpKeySealed: totp.sealTotpKey(deps.secret, key), updatedAt: clock.now() });
      return { uri: totp.totpUri(row.email, key), secret: totp.totpSecretText(key) };
    },

    /** Confirms enrolment with a code; returns the recovery codes (shown once). */
    confirmTotp(userId: string, code: unknown, actor: Actor): string[] {
      const row = userOrThrow(userId);
      const key = row.totpKeySealed ? totp.unsealTotpKey(deps.secret, row.totpKeySealed) : null;
      if (!key || row.totpEnabledAt) throw new AppError("INVALID_STATE", "Start two-factor setup first.");
      if (typeof code !== "string" || !totp.verifyTotpCode(key, code)) throw invalid("code", "That code is not valid; check the time on your device.");
      const { codes, rows } = totp.newRecoveryCodes();
      q.replaceRecoveryCodes(db, userId, rows.map((r) => ({ ...r, userId })));
      q.updateUser(db, userId, { totpEnabledAt: clock.now(), updatedAt: clock.now() });
      audit.record({ orgId: null, actor, action: "user.two_factor_enabled", resource: "team_member", resourceId: userId });
      return codes;
    },

    async disableTotp(userId: string, password: unknown, actor: Actor): Promise<void> {
      const row = userOrThrow(userId);
      if (typeof password !== "string" || !(await Bun.password.verify(password, row.passwordHash))) throw invalid("password", "Your password is not right.");
      q.updateUser(db, userId, { totpKeySealed: null, totpEnabledAt: null, updatedAt: clock.now() });
      q.replaceRecoveryCodes(db, userId, []);
      audit.record({ orgId: null, actor, action: "user.two_factor_disabled", resource: "team_member", resourceId: userId });
    },

    remainingRecoveryCodes: (userId: string) => q.unusedRecoveryCodes(db, userId).length,

    /** Called on every dashboard view: writes only when the organization changed (a read is far cheaper than a write). */
    rememberOrg(userId: string, orgId: string): void {
      if (q.findUserById(db, userId)?.lastOrgId !== orgId) q.updateUser(db, userId, { lastOrgId: orgId });
    },
    lastOrgId: (userId: string) => q.findUserById(db, userId)?.lastOrgId ?? null,

    purgeExpired(): { sessions: number; tokens: number } {
      const now = clock.now();
      return { sessions: q.deleteExpiredSessions(db, now), tokens: q.deleteExpiredAuthTokens(db, now) };
    },
  };
  return service;
}

export type AccountsService = ReturnType<typeof createAccountsService>;

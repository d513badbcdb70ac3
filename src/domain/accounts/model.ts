import { AppError, invalid } from "../../lib/errors";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;

export interface User {
  id: string;
  email: string;
  name: string;
  isInstanceAdmin: boolean;
  totpEnabled: boolean;
  createdAt: number;
}

/** Who performs an action: written to the audit log with every mutation. */
export interface Actor {
  userId: string | null;
  label: string;
  ip: string | null;
  userAgent: string | null;
}

export const systemActor = (source: string): Actor => ({ userId: null, label: `system:${source}`, ip: null, userAgent: null });

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function normalizeEmail(raw: unknown, field = "email"): string {
  if (typeof raw !== "string" || raw.trim() === "") throw invalid(field, "Email is required.");
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw invalid(field, `"${raw.trim().slice(0, 80)}" is not a valid email address.`);
  return email;
}

export function checkPassword(raw: unknown, field = "password"): string {
  if (typeof raw !== "string" || raw === "") throw invalid(field, "Password is required.");
  if (raw.length < PASSWORD_MIN) throw invalid(field, `Password must be at least ${PASSWORD_MIN} characters.`);
  if (raw.length > PASSWORD_MAX) throw invalid(field, `Password must be at most ${PASSWORD_MAX} characters.`);
  return raw;
}

export function checkName(raw: unknown, field = "name", max = 100): string {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (name.length > max) throw invalid(field, `Name must be at most ${max} characters.`);
  return name;
}

export const wrongCredentials = () => new AppError("UNAUTHENTICATED", "Wrong email or password.");

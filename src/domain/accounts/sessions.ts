import type { SystemDb } from "../../db/system";
import { newId, newSecret } from "../../lib/ids";
import { sha256Hex, equalStrings } from "../../lib/crypto";
import type { Clock } from "../../lib/time";
import { SESSION_LIFETIME_MS } from "./model";
import * as q from "./queries";

/**
 * Sessions after Lucia's published design: the token is "<id>.<secret>", only SHA-256(secret)
 * is stored, the compare is constant-time, and expiry slides forward when less than half is left
 * (so the extending write happens at most about once per half-lifetime).
 */
export interface SessionInfo {
  id: string;
  userId: string;
  expiresAt: number;
  twoFactorVerified: boolean;
}

const LAST_SEEN_WRITE_INTERVAL_MS = 5 * 60 * 1000;

export function createSession(
  db: SystemDb,
  clock: Clock,
  input: { userId: string; twoFactorVerified: boolean; ip: string | null; userAgent: string | null },
): { token: string; session: SessionInfo } {
  const id = newId();
  const secret = newSecret();
  const now = clock.now();
  const expiresAt = now + SESSION_LIFETIME_MS;
  q.insertSession(db, {
    id,
    userId: input.userId,
    secretHash: sha256Hex(secret),
    twoFactorVerified: input.twoFactorVerified,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token: `${id}.${secret}`, session: { id, userId: input.userId, expiresAt, twoFactorVerified: input.twoFactorVerified } };
}

export function validateSessionToken(db: SystemDb, clock: Clock, token: string): SessionInfo | null {
  const dot = token.indexOf(".");
  if (dot <= 0 || token.length > 200) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  const row = q.findSession(db, id);
  if (!row) return null;
  if (!equalStrings(sha256Hex(secret), row.secretHash)) return null;
  const now = clock.now();
  if (now >= row.expiresAt) {
    q.deleteSession(db, id);
    return null;
  }
  const patch: Partial<q.SessionRow> = {};
  if (row.expiresAt - now < SESSION_LIFETIME_MS / 2) patch.expiresAt = now + SESSION_LIFETIME_MS;
  if (now - row.lastSeenAt > LAST_SEEN_WRITE_INTERVAL_MS) patch.lastSeenAt = now;
  if (Object.keys(patch).length) q.updateSession(db, id, patch);
  return { id, userId: row.userId, expiresAt: patch.expiresAt ?? row.expiresAt, twoFactorVerified: row.twoFactorVerified };
}

export function sessionIdOf(token: string): string | null {
  const dot = token.indexOf(".");
  return dot > 0 ? token.slice(0, dot) : null;
}

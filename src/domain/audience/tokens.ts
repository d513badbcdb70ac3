/**
 * Signed contact tokens for unsubscribe and preference links, in Owlat's format (api.md §5.2):
 * `<contactRef>:<timestampMs>:<sig>` with sig = base64url(HMAC-SHA256(key, `<prefix><contactRef>:<timestampMs>`)),
 * prefix "" (unsubscribe) or "pref:" (preferences), valid 90 days. Our contactRef is
 * `<orgId>.<contactId>` so a link finds its organization's database. The key is derived from the
 * instance secret; minting costs one native HMAC (about a microsecond), cheap enough per recipient.
 */
import { equalStrings, hmacSha256 } from "../../lib/crypto";
import { DAY } from "../../lib/time";

export const CONTACT_TOKEN_MAX_AGE_MS = 90 * DAY;
export type TokenPurpose = "unsubscribe" | "preferences";
export type TokenFailure = "invalid_format" | "missing_parts" | "expired" | "invalid_signature" | "parse_error";

const PREFIX: Record<TokenPurpose, string> = { unsubscribe: "", preferences: "pref:" };

export interface ContactTokens {
  mint(purpose: TokenPurpose, orgId: string, contactId: number, at: number): string;
  verify(purpose: TokenPurpose, token: string, now: number): { ok: true; orgId: string; contactId: number; issuedAt: number } | { ok: false; reason: TokenFailure };
}

export function createContactTokens(instanceSecret: string): ContactTokens {
  const key = hmacSha256(instanceSecret, "owlat.contact-token.v1");
  const sign = (message: string) => new Bun.CryptoHasher("sha256", key).update(message).digest("base64url");
  return {
    mint(purpose, orgId, contactId, at) {
      const body = `${orgId}.${contactId}:${Math.floor(at)}`;
      return `${body}:${sign(PREFIX[purpose] + body)}`;
    },
    verify(purpose, token, now) {
      if (typeof token !== "string" || token.length > 300 || !/^[A-Za-z0-9._:-]+$/.test(token)) return { ok: false, reason: "invalid_format" };
      const parts = token.split(":");
      if (parts.length !== 3 || parts.some((p) => p === "")) return { ok: false, reason: "missing_parts" };
      const [ref, ts, sig] = parts as [string, string, string];
      const m = /^([a-z0-9]+)\.(\d{1,15})$/.exec(ref);
      const issuedAt = Number(ts);
      if (!m || !/^\d{1,15}$/.test(ts) || !Number.isSafeInteger(issuedAt)) return { ok: false, reason: "parse_error" };
      if (!equalStrings(sig, sign(`${PREFIX[purpose]}${ref}:${ts}`))) return { ok: false, reason: "invalid_signature" };
      if (now - issuedAt > CONTACT_TOKEN_MAX_AGE_MS || issuedAt - now > DAY) return { ok: false, reason: "expired" };
      return { ok: true, orgId: m[1]!, contactId: Number(m[2]), issuedAt };
    },
  };
}

/** DOI confirmation tokens: `<orgId>.<secret>`; only SHA-256 of the secret is stored on the contact. */
export function splitOrgToken(token: unknown): { orgId: string; secret: string } | null {
  if (typeof token !== "string") return null;
  const m = /^([a-z0-9]{10,40})\.([a-z0-9]{20,64})$/.exec(token);
  return m ? { orgId: m[1]!, secret: m[2]! } : null;
}

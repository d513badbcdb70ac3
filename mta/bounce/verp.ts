import { createHmac, timingSafeEqual } from "node:crypto";

/** VERP return path: bounce+<delivery id base36>+<12-char HMAC>@<bounce domain>. */
function mac(secret: string, id: string): string {
  return createHmac("sha256", secret).update(`owlat-verp:${id}`).digest("base64url").slice(0, 12);
}

export function verpAddress(rid: number, domain: string, secret: string): string {
  const id = rid.toString(36);
  return `bounce+${id}+${mac(secret, id)}@${domain}`;
}

const VERP = /^bounce\+([0-9a-z]{1,13})\+([A-Za-z0-9_-]{12})@([^@\s]+)$/i;

/** Our bounce domains: a fixed list, or a test (the fixed list plus domains the app knows). */
export type BounceDomains = string[] | ((domain: string) => boolean);

const isOurs = (domains: BounceDomains, domain: string) => (typeof domains === "function" ? domains(domain) : domains.includes(domain));

/** The delivery id of a VERP address whose MAC checks out (and whose domain is ours), else null. */
export function parseVerp(address: string, secret: string, domains: BounceDomains): number | null {
  const m = VERP.exec(address.trim().replace(/^<|>$/g, ""));
  if (!m) return null;
  if (!isOurs(domains, m[3]!.toLowerCase())) return null;
  const id = m[1]!.toLowerCase();
  const expected = Buffer.from(mac(secret, id));
  const given = Buffer.from(m[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const rid = parseInt(id, 36);
  return Number.isSafeInteger(rid) && rid > 0 ? rid : null;
}

/** Find a VERP address of ours anywhere in a text (Return-Path of an attached original...). */
export function findVerp(text: string, secret: string, domains: BounceDomains): number | null {
  const re = /bounce\+[0-9a-z]{1,13}\+[A-Za-z0-9_-]{12}@[A-Za-z0-9.-]+/gi;
  for (const m of text.matchAll(re)) {
    const rid = parseVerp(m[0], secret, domains);
    if (rid !== null) return rid;
  }
  return null;
}

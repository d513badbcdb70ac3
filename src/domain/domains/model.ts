import { invalid } from "../../lib/errors";

export type DomainStatus = "pending" | "verified" | "failed";
export type DmarcPolicy = "none" | "quarantine" | "reject";
export const DMARC_POLICIES: DmarcPolicy[] = ["none", "quarantine", "reject"];
export type KeyStatus = "pending" | "active" | "retiring" | "retired";

/** A verification result is trusted for this long; sending re-checks an older one first. */
export const VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a replaced DKIM key keeps signing-verifiable (published) after a rotation. */
export const KEY_OVERLAP_MS = 48 * 60 * 60 * 1000;
export const BOUNCE_LABEL = "bounce";

export interface DnsRecord {
  /** Stable id used for the per-record check result: dkim:<selector>, spf, dmarc, bounce-mx, bounce-spf. */
  id: string;
  type: "TXT" | "MX";
  name: string;
  value: string;
  /** Verification needs it; recommended records are shown but do not gate sending. */
  required: boolean;
  purpose: string;
}

export interface RecordCheck {
  ok: boolean;
  found: string | null;
  detail: string;
}

export interface DkimKeyView {
  id: string;
  selector: string;
  algorithm: "rsa-sha256" | "ed25519-sha256";
  status: KeyStatus;
  createdAt: number;
  retireAt: number | null;
}

export interface SendingDomain {
  id: string;
  domain: string;
  status: DomainStatus;
  dmarcPolicy: DmarcPolicy;
  checks: Record<string, RecordCheck> | null;
  createdAt: number;
  verifiedAt: number | null;
  lastCheckedAt: number | null;
  keys: DkimKeyView[];
  records: DnsRecord[];
}

/** What the MTA needs to sign for a domain: the active keys (and a key that is retiring keeps signing until replaced). */
export interface SigningKey {
  domain: string;
  selector: string;
  algorithm: "rsa-sha256" | "ed25519-sha256";
  privateKeyPem: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeDomain(raw: unknown): string {
  if (typeof raw !== "string" || !raw.trim()) throw invalid("domain", "Domain is required.");
  const d = raw.trim().toLowerCase().replace(/\.$/, "");
  const labels = d.split(".");
  if (d.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    throw invalid("domain", `"${raw.trim().slice(0, 80)}" is not a domain name like example.com.`);
  }
  return d;
}

import { BOUNCE_LABEL, type DmarcPolicy, type DnsRecord } from "./model";
import { dkimTxt } from "./keys";

export interface RecordSettings {
  ehloHostname: string;
  sendingIps: string[];
  spfInclude?: string;
  dmarcRua?: string;
}

/** The SPF mechanisms that authorize this appliance: include:, ip4/ip6:, or a:<EHLO host>. */
export function spfTerms(s: RecordSettings): string[] {
  if (s.spfInclude) return [`include:${s.spfInclude}`];
  if (s.sendingIps.length) return s.sendingIps.map((ip) => (ip.includes(":") ? `ip6:${ip}` : `ip4:${ip}`));
  return [`a:${s.ehloHostname}`];
}

export function dmarcValue(policy: DmarcPolicy, rua?: string): string {
  return `v=DMARC1; p=${policy}${rua ? `; rua=mailto:${rua}` : ""}`;
}

/**
 * Everything to publish for a sending domain: DKIM key(s), DMARC, and the bounce subdomain that the
 * VERP return path uses (MX to this appliance, SPF for its IPs). The apex SPF is recommended.
 */
export function recordsFor(
  domain: string,
  keys: { selector: string; algorithm: "rsa-sha256" | "ed25519-sha256"; publicKey: string; status: string }[],
  dmarcPolicy: DmarcPolicy,
  s: RecordSettings,
): DnsRecord[] {
  const spf = `v=spf1 ${spfTerms(s).join(" ")} ~all`;
  const bounce = `${BOUNCE_LABEL}.${domain}`;
  return [
    ...keys
      .filter((k) => k.status !== "retired")
      .map((k): DnsRecord => ({
        id: `dkim:${k.selector}`,
        type: "TXT",
        name: `${k.selector}._domainkey.${domain}`,
        value: dkimTxt(k.algorithm, k.publicKey),
        // A pending (rotated-in) key does not gate sending: the active key still signs.
        required: k.status === "active",
        purpose: `DKIM ${k.algorithm === "rsa-sha256" ? "RSA" : "Ed25519"} key (${k.status})`,
      })),
    { id: "dmarc", type: "TXT", name: `_dmarc.${domain}`, value: dmarcValue(dmarcPolicy, s.dmarcRua), required: true, purpose: "DMARC policy; start at p=none and raise it once reports look clean" },
    { id: "bounce-mx", type: "MX", name: bounce, value: `10 ${s.ehloHostname}`, required: true, purpose: "Bounces and complaints come back to this appliance" },
    { id: "bounce-spf", type: "TXT", name: bounce, value: spf, required: true, purpose: "SPF for the return path (aligned with your domain for DMARC)" },
    { id: "spf", type: "TXT", name: domain, value: spf, required: false, purpose: "SPF for the domain itself (merge with an existing v=spf1 record: one per name)" },
  ];
}

import type { DnsResolve } from "../../lib/dns";
import { BOUNCE_LABEL, type DmarcPolicy, type RecordCheck } from "./model";
import type { RecordSettings } from "./records";

export interface CheckInput {
  domain: string;
  dmarcPolicy: DmarcPolicy;
  keys: { selector: string; algorithm: "rsa-sha256" | "ed25519-sha256"; privateKeyPem: string }[];
  settings: RecordSettings;
  resolve: DnsResolve;
}

const missing = (e: unknown): RecordCheck => {
  const code = (e as { code?: string }).code;
  const notThere = code === "ENOTFOUND" || code === "ENODATA" || code === "NXDOMAIN";
  return { ok: false, found: null, detail: notThere ? "No record found (DNS changes can take a while to appear)." : `DNS lookup failed (${code ?? (e as Error).message}).` };
};

async function txt(resolve: DnsResolve, name: string): Promise<string[]> {
  const rows = (await resolve(name, "TXT")) as string[][];
  return rows.map((parts) => parts.join(""));
}

// mailauth takes a noticeable time to load; only verification needs it, so it is loaded on first use.
const mailauth = () => import("mailauth");

/** Signs a probe message with the private key and has mailauth verify it against the published key. */
async function checkDkim(input: CheckInput, key: CheckInput["keys"][number]): Promise<RecordCheck> {
  const name = `${key.selector}._domainkey.${input.domain}`;
  let found: string | null = null;
  try {
    found = (await txt(input.resolve, name)).find((t) => /v=DKIM1/i.test(t)) ?? null;
  } catch (e) {
    return missing(e);
  }
  if (!found) return { ok: false, found: null, detail: "No DKIM record at this name." };
  const probe = `From: probe@${input.domain}\r\nTo: probe@${input.domain}\r\nSubject: DKIM check\r\nDate: ${new Date().toUTCString()}\r\n\r\nDKIM check\r\n`;
  // mailauth's typings show flat options, but at run time the keys go in signatureData.
  const options = { canonicalization: "relaxed/relaxed", signatureData: [{ signingDomain: input.domain, selector: key.selector, privateKey: key.privateKeyPem, algorithm: key.algorithm }] };
  const { dkimSign, dkimVerify } = await mailauth();
  const signed = await dkimSign(probe, options as unknown as Parameters<typeof dkimSign>[1]);
  if (signed.errors.length) return { ok: false, found, detail: `Signing failed: ${String(signed.errors[0])}` };
  const result = await dkimVerify(signed.signatures + probe, { resolver: input.resolve as never });
  const status = result.results[0]?.status;
  return status?.result === "pass"
    ? { ok: true, found, detail: "The published key matches the signing key." }
    : { ok: false, found, detail: `The published key does not verify our signature (${status?.comment ?? status?.result ?? "no result"}).` };
}

function tags(record: string): Record<string, string> {
  return Object.fromEntries(record.split(";").map((p) => p.trim()).filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    return [p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim()];
  }));
}

async function checkDmarc(input: CheckInput): Promise<RecordCheck> {
  try {
    const records = (await txt(input.resolve, `_dmarc.${input.domain}`)).filter((t) => /^v=DMARC1/i.test(t));
    if (records.length === 0) return { ok: false, found: null, detail: "No DMARC record." };
    if (records.length > 1) return { ok: false, found: records.join(" | "), detail: "More than one DMARC record: keep exactly one." };
    const p = tags(records[0]!).p?.toLowerCase();
    return p === input.dmarcPolicy
      ? { ok: true, found: records[0]!, detail: `Policy p=${p}.` }
      : { ok: false, found: records[0]!, detail: `The record says p=${p ?? "(none)"}; the selected policy is p=${input.dmarcPolicy}.` };
  } catch (e) {
    return missing(e);
  }
}

async function checkBounceMx(input: CheckInput): Promise<RecordCheck> {
  const host = input.settings.ehloHostname.toLowerCase().replace(/\.$/, "");
  try {
    const mx = (await input.resolve(`${BOUNCE_LABEL}.${input.domain}`, "MX")) as { exchange: string; priority: number }[];
    const found = mx.map((m) => `${m.priority} ${m.exchange}`).join(", ");
    return mx.some((m) => m.exchange.toLowerCase().replace(/\.$/, "") === host)
      ? { ok: true, found, detail: "Bounces reach this appliance." }
      : { ok: false, found, detail: `The MX should point at ${host}.` };
  } catch (e) {
    return missing(e);
  }
}

/** The IPs SPF must authorize: the configured sending IPs, else the EHLO host's addresses. */
async function sendingIps(input: CheckInput): Promise<string[]> {
  if (input.settings.sendingIps.length) return input.settings.sendingIps;
  try {
    return (await input.resolve(input.settings.ehloHostname, "A")) as string[];
  } catch {
    return [];
  }
}

async function checkSpf(input: CheckInput, name: string, ips: string[]): Promise<RecordCheck> {
  let found: string | null = null;
  try {
    const records = (await txt(input.resolve, name)).filter((t) => /^v=spf1/i.test(t));
    if (records.length > 1) return { ok: false, found: records.join(" | "), detail: "More than one SPF record: merge them into one." };
    found = records[0] ?? null;
  } catch (e) {
    return missing(e);
  }
  if (!found) return { ok: false, found: null, detail: "No SPF record." };
  if (ips.length === 0) return { ok: false, found, detail: `Cannot tell which IPs send: set OWLAT_SENDING_IPS or give ${input.settings.ehloHostname} an A record.` };
  const { spf } = await mailauth();
  for (const ip of ips) {
    const r = await spf({ sender: `postmaster@${name}`, ip, helo: input.settings.ehloHostname, mta: input.settings.ehloHostname, resolver: input.resolve as never });
    if (r.status.result !== "pass") return { ok: false, found, detail: `SPF says ${r.status.result} for ${ip}.` };
  }
  return { ok: true, found, detail: `Authorizes ${ips.join(", ")}.` };
}

/** Checks every record of a sending domain live through DNS; keys are the record ids of records.ts. */
export async function checkDomainRecords(input: CheckInput): Promise<Record<string, RecordCheck>> {
  const ips = await sendingIps(input);
  const [dmarc, bounceMx, bounceSpf, apexSpf, ...dkim] = await Promise.all([
    checkDmarc(input),
    checkBounceMx(input),
    checkSpf(input, `${BOUNCE_LABEL}.${input.domain}`, ips),
    checkSpf(input, input.domain, ips),
    ...input.keys.map((k) => checkDkim(input, k)),
  ]);
  const out: Record<string, RecordCheck> = { dmarc: dmarc!, "bounce-mx": bounceMx!, "bounce-spf": bounceSpf!, spf: apexSpf! };
  input.keys.forEach((k, i) => (out[`dkim:${k.selector}`] = dkim[i]!));
  return out;
}

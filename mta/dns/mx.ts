import { isIP } from "node:net";
import type { Resolver } from "../types.ts";

export interface MxHost {
  name: string;
  priority: number;
  addresses: string[];
}

export type Route =
  | { kind: "hosts"; hosts: MxHost[] }
  | { kind: "nullmx" }
  | { kind: "nxdomain"; detail: string }
  | { kind: "temp"; detail: string };

const MAX_HOSTS = 10;

function code(err: unknown): string {
  return (err as { code?: string })?.code ?? "EDNS";
}

const permanent = (c: string) => c === "ENOTFOUND" || c === "ENODATA";

/** Sort by preference; hosts of equal preference are shuffled (spreads load, §9.4). */
export function orderMx<T extends { priority: number }>(records: T[], random: () => number = Math.random): T[] {
  const shuffled = records.map((r) => ({ r, k: random() }));
  shuffled.sort((a, b) => a.r.priority - b.r.priority || a.k - b.k);
  return shuffled.map((x) => x.r);
}

async function addressesOf(resolver: Resolver, host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  try {
    return await resolver.a(host);
  } catch (err) {
    if (permanent(code(err))) return [];
    throw err;
  }
}

/**
 * MX resolution: preference order with shuffle of equal preference, implicit MX when the
 * domain has no MX records, null MX (RFC 7505), NXDOMAIN as permanent, anything else temporary.
 */
export async function resolveRoute(resolver: Resolver, domain: string, random?: () => number): Promise<Route> {
  let records: { exchange: string; priority: number }[];
  try {
    records = await resolver.mx(domain);
  } catch (err) {
    const c = code(err);
    if (c === "ENOTFOUND") return { kind: "nxdomain", detail: `domain ${domain} does not exist (NXDOMAIN)` };
    if (c !== "ENODATA") return { kind: "temp", detail: `MX lookup for ${domain} failed: ${(err as Error).message ?? c}` };
    records = [];
  }
  const real = records.filter((r) => r.exchange !== "" && r.exchange !== ".");
  if (records.length > 0 && real.length === 0) return { kind: "nullmx" };
  const ordered = real.length ? orderMx(real, random).slice(0, MAX_HOSTS) : [{ exchange: domain, priority: 0 }];
  const hosts: MxHost[] = [];
  try {
    for (const r of ordered) {
      const name = r.exchange.replace(/\.$/, "").toLowerCase();
      const addresses = await addressesOf(resolver, name);
      if (addresses.length) hosts.push({ name, priority: r.priority, addresses });
    }
  } catch (err) {
    if (!hosts.length) return { kind: "temp", detail: `address lookup for ${domain}'s MX failed: ${(err as Error).message}` };
  }
  if (!hosts.length) {
    return real.length
      ? { kind: "temp", detail: `no MX host of ${domain} has an address` }
      : { kind: "nxdomain", detail: `${domain} has neither MX nor A records` };
  }
  return { kind: "hosts", hosts };
}

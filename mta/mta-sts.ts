import type { Resolver } from "./types.ts";

export interface StsPolicy {
  mode: "enforce" | "testing" | "none";
  mx: string[];
  maxAge: number;
}

type Entry = { id: string | null; policy: StsPolicy | null; until: number };

export function parseStsPolicy(text: string): StsPolicy | null {
  const lines = text.split(/\r?\n/).map((l) => l.split(":").map((x) => x.trim()));
  const get = (k: string) => lines.filter((l) => l[0] === k).map((l) => l.slice(1).join(":"));
  if (get("version")[0] !== "STSv1") return null;
  const mode = get("mode")[0];
  if (mode !== "enforce" && mode !== "testing" && mode !== "none") return null;
  const maxAge = Math.min(31_557_600, Math.max(0, Number(get("max_age")[0] ?? 86400) || 86400));
  return { mode, mx: get("mx").map((m) => m.toLowerCase()), maxAge };
}

export function mxMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) {
    const rest = pattern.slice(2);
    return host.endsWith("." + rest) && !host.slice(0, -rest.length - 1).includes(".");
  }
  return pattern === host;
}

/** MTA-STS (RFC 8461): TXT id check, HTTPS policy fetch, cache by max_age; errors -> no policy. */
export class MtaSts {
  private cache = new Map<string, Entry>();
  constructor(
    private readonly resolver: Resolver,
    private readonly fetchText: (url: string) => Promise<string>,
    private readonly now: () => number,
  ) {}

  async policyFor(domain: string): Promise<StsPolicy | null> {
    const hit = this.cache.get(domain);
    if (hit && hit.until > this.now()) return hit.policy;
    let id: string | null = null;
    try {
      const txt = (await this.resolver.txt(`_mta-sts.${domain}`)).map((parts) => parts.join(""));
      const rec = txt.find((t) => /^v=STSv1;/i.test(t));
      id = rec ? (/id=([A-Za-z0-9]+)/.exec(rec)?.[1] ?? null) : null;
    } catch {
      id = null;
    }
    if (!id) return this.keep(domain, null, null, 3_600_000);
    if (hit && hit.id === id && hit.policy) return this.keep(domain, id, hit.policy, hit.policy.maxAge * 1000);
    try {
      const policy = parseStsPolicy(await this.fetchText(`https://mta-sts.${domain}/.well-known/mta-sts.txt`));
      return this.keep(domain, id, policy, Math.max(300, policy?.maxAge ?? 3600) * 1000);
    } catch {
      return this.keep(domain, id, hit?.policy ?? null, 300_000);
    }
  }

  private keep(domain: string, id: string | null, policy: StsPolicy | null, ttl: number): StsPolicy | null {
    this.cache.set(domain, { id, policy, until: this.now() + ttl });
    if (this.cache.size > 50_000) this.cache.clear();
    return policy;
  }
}

export async function defaultStsFetch(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
  if (!res.ok) throw new Error(`MTA-STS policy ${url}: HTTP ${res.status}`);
  return (await res.text()).slice(0, 64 * 1024);
}

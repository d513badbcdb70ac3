import { promises as dns } from "node:dns";
import type { MxRecord, Resolver } from "../types.ts";

export interface DnsOptions {
  /** "host" or "host:port" entries; default: the system's. */
  servers?: string[];
  timeoutMs?: number;
  /** Positive answers are kept this long (ms). */
  cacheTtlMs?: number;
  /** NXDOMAIN / NODATA answers are kept this long (ms). */
  negativeTtlMs?: number;
}

export class DnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** node:dns with explicit servers and a hard timeout per query. */
export function createDnsResolver(opts: DnsOptions = {}): Resolver {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const r = new dns.Resolver({ timeout: Math.min(timeoutMs, 5000), tries: 2 });
  if (opts.servers?.length) r.setServers(opts.servers);
  const guard = <T>(what: string, p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new DnsError("ETIMEOUT", `DNS ${what} timed out after ${timeoutMs} ms`)), timeoutMs);
      p.then(
        (v) => (clearTimeout(t), resolve(v)),
        (e: { code?: string; message?: string }) => (clearTimeout(t), reject(new DnsError(e?.code ?? "EDNS", `DNS ${what}: ${e?.code ?? e?.message}`))),
      );
    });
  return {
    mx: (d) => guard(`MX ${d}`, r.resolveMx(d)) as Promise<MxRecord[]>,
    a: (h) => guard(`A ${h}`, r.resolve4(h)),
    txt: (n) => guard(`TXT ${n}`, r.resolveTxt(n)),
  };
}

type Entry = { until: number; value?: unknown; error?: unknown };

/** Wrap a resolver with a TTL cache (answers and NXDOMAIN/NODATA; never timeouts). */
export function cachedResolver(inner: Resolver, now: () => number, opts: DnsOptions = {}): Resolver & { clear(): void } {
  const ttl = opts.cacheTtlMs ?? 300_000;
  const negTtl = opts.negativeTtlMs ?? 60_000;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<unknown>>();
  const get = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.error ? Promise.reject(hit.error) : Promise.resolve(hit.value as T);
    const running = inflight.get(key);
    if (running) return running as Promise<T>;
    const p = load().then(
      (value) => (cache.set(key, { until: now() + ttl, value }), inflight.delete(key), value),
      (error: { code?: string }) => {
        inflight.delete(key);
        if (error?.code === "ENOTFOUND" || error?.code === "ENODATA") cache.set(key, { until: now() + negTtl, error });
        throw error;
      },
    );
    inflight.set(key, p);
    if (cache.size > 50_000) cache.clear();
    return p;
  };
  return {
    mx: (d) => get(`mx:${d}`, () => inner.mx(d)),
    a: (h) => get(`a:${h}`, () => inner.a(h)),
    txt: (n) => get(`txt:${n}`, () => inner.txt(n)),
    clear: () => cache.clear(),
  };
}

import { isIP } from "node:net";
import { asciiDomain } from "./address.ts";
import { DEFAULT_RETRY, validateRetryTable } from "./classify/retry.ts";
import type { DnsOptions } from "./dns/resolver.ts";
import { DEFAULT_SHAPING, validateProfile } from "./shaping/profiles.ts";
import type { Timeouts } from "./smtp/session.ts";
import type { Clock, Composer, EgressIp, EventSink, Logger, Policy, Resolver, RetryTable, ShapingProfile, SigningKeys, SmarthostOptions, TlsMode, WarmingPolicy } from "./types.ts";
import { DEFAULT_WARMING } from "./warming/egress.ts";

export interface MtaOptions {
  /** Path of the engine's own SQLite spool file. */
  spoolPath: string;
  /** Default EHLO name (a fully qualified host name). */
  ehlo: string;
  /** Domain of the VERP return path; its MX must point at the inbound server. */
  bounceDomain: string;
  /** Further domains whose bounce/complaint addresses the inbound server accepts. */
  extraBounceDomains?: string[];
  /** HMAC secret of VERP addresses (at least 32 characters). */
  verpSecret: string;
  signingKeys: SigningKeys;
  events: EventSink;
  composer?: Composer;
  policy?: Policy;
  resolver?: Resolver;
  dns?: DnsOptions;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  egress?: EgressIp[];
  /** Destination port of direct-to-MX delivery (labs only; default 25). */
  port?: number;
  smarthost?: SmarthostOptions;
  /** TLS floor for every destination (profiles and MTA-STS may raise it). */
  tls?: TlsMode;
  /** MTA-STS (RFC 8461) policy lookups; `fetch` is injectable for tests. */
  mtaSts?: boolean | { fetch: (url: string) => Promise<string> };
  shaping?: ShapingProfile[];
  retry?: Partial<RetryTable>;
  warming?: Partial<WarmingPolicy>;
  expiryMs?: number;
  maxMessageBytes?: number;
  maxInFlight?: number;
  timeouts?: Partial<Timeouts>;
  /** "full": fsync on every group commit (survives power loss); "normal": survives process crashes. */
  durability?: "full" | "normal";
  commitIntervalMs?: number;
  /** How long finished deliveries stay in the spool (late DSN attribution). */
  retentionMs?: number;
  idleConnectionMs?: number;
  /** RSA signer: "auto" = the system's OpenSSL via bun:ffi in worker threads when present, else WebCrypto. */
  dkimBackend?: "auto" | "openssl" | "webcrypto";
  /** Worker threads of the OpenSSL signer (default: number of cores). */
  signingThreads?: number;
}

export interface Settings {
  spoolPath: string;
  ehlo: string;
  bounceDomains: string[];
  verpSecret: string;
  port: number;
  smarthost: SmarthostOptions | null;
  tls: TlsMode;
  shaping: ShapingProfile[];
  retry: RetryTable;
  warming: WarmingPolicy;
  expiryMs: number;
  maxMessageBytes: number;
  maxInFlight: number;
  timeouts: Timeouts;
  durability: "full" | "normal";
  commitIntervalMs: number;
  retentionMs: number;
  idleConnectionMs: number;
  egress: EgressIp[];
}

export class OptionsError extends Error {
  constructor(field: string, problem: string) {
    super(`mta option ${field} ${problem}`);
  }
}

const FQDN = (s: unknown) => typeof s === "string" && asciiDomain(s) !== null;

function check(cond: boolean, field: string, problem: string): void {
  if (!cond) throw new OptionsError(field, problem);
}

function checkPorts(o: MtaOptions): void {
  check(!!o.signingKeys && typeof o.signingKeys.keysFor === "function", "signingKeys", "must implement keysFor(tenant, domain)");
  check(!!o.events && typeof o.events.emit === "function", "events", "must implement emit(events)");
  check(!o.composer || typeof o.composer.compose === "function", "composer", "must implement compose(recipe, ctx)");
  check(!o.policy || typeof o.policy.isSuppressed === "function", "policy", "must implement isSuppressed(tenant, address)");
}

function checkEgress(list: EgressIp[]): void {
  for (const [i, e] of list.entries()) {
    check(isIP(e.ip) !== 0, `egress[${i}].ip`, "must be an IP address");
    check(Array.isArray(e.pools) && e.pools.length > 0 && e.pools.every((p) => p === "transactional" || p === "campaign"), `egress[${i}].pools`, 'must list "transactional" and/or "campaign"');
    check(e.ehlo === undefined || FQDN(e.ehlo), `egress[${i}].ehlo`, "must be a fully qualified host name");
  }
}

/** Validate options once, with an error naming the field; fill defaults. */
export function resolveOptions(o: MtaOptions): Settings {
  check(typeof o.spoolPath === "string" && o.spoolPath.length > 0, "spoolPath", "is required");
  check(FQDN(o.ehlo), "ehlo", "must be a fully qualified host name");
  check(FQDN(o.bounceDomain), "bounceDomain", "must be a domain name");
  check(typeof o.verpSecret === "string" && o.verpSecret.length >= 32, "verpSecret", "must be at least 32 characters");
  checkPorts(o);
  checkEgress(o.egress ?? []);
  const shaping = o.shaping ?? DEFAULT_SHAPING;
  for (const p of shaping) {
    const err = validateProfile(p);
    check(err === null, "shaping", err ?? "");
  }
  check(shaping.some((p) => p.name === "other"), "shaping", 'needs a profile named "other" (the default)');
  const retry: RetryTable = { ...DEFAULT_RETRY, ...o.retry, classes: { ...DEFAULT_RETRY.classes, ...o.retry?.classes } };
  const retryErr = validateRetryTable(retry);
  check(retryErr === null, "retry", retryErr ?? "");
  const port = o.port ?? 25;
  check(Number.isInteger(port) && port > 0 && port < 65536, "port", "must be a TCP port");
  if (o.smarthost) check(typeof o.smarthost.host === "string" && Number.isInteger(o.smarthost.port), "smarthost", "needs host and port");
  const expiryMs = o.expiryMs ?? 4 * 86_400_000;
  check(expiryMs >= 60_000, "expiryMs", "must be at least one minute");
  return {
    spoolPath: o.spoolPath,
    ehlo: asciiDomain(o.ehlo)!,
    bounceDomains: [o.bounceDomain, ...(o.extraBounceDomains ?? [])].map((d) => asciiDomain(d)!),
    verpSecret: o.verpSecret,
    port,
    smarthost: o.smarthost ?? null,
    tls: o.tls ?? "opportunistic",
    shaping,
    retry,
    warming: { ...DEFAULT_WARMING, ...o.warming },
    expiryMs,
    maxMessageBytes: o.maxMessageBytes ?? 25 * 1024 * 1024,
    maxInFlight: o.maxInFlight ?? 1000,
    timeouts: { connectMs: 30_000, greetingMs: 30_000, socketMs: 60_000, ...o.timeouts },
    durability: o.durability ?? "full",
    commitIntervalMs: o.commitIntervalMs ?? 10,
    retentionMs: o.retentionMs ?? 16 * 86_400_000,
    idleConnectionMs: o.idleConnectionMs ?? 10_000,
    egress: o.egress ?? [],
  };
}

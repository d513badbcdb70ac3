/**
 * Public types of the delivery engine: the ports it declares (implemented by the app),
 * the events it emits, and what `enqueue()` accepts.
 */

export type PoolName = "transactional" | "campaign";

/** A small description of a message the engine composes at delivery time via the Composer port. */
export interface Recipe {
  kind: string;
  [key: string]: unknown;
}

export interface EnqueueItem {
  /** Stable caller id (e.g. the send row id). Enqueueing the same id twice never sends twice. */
  id: string;
  tenant: string;
  /** Envelope sender / From address; its domain selects the DKIM key and the VERP return path. */
  from: string;
  to: string | string[];
  /** A complete RFC 5322 message (headers + body). Exactly one of raw / recipe. */
  raw?: string | Uint8Array;
  recipe?: Recipe;
  /** Defaults to what Policy.poolFor says, else "transactional". */
  pool?: PoolName;
  /** Absolute expiry (ms since epoch); defaults to now + options.expiryMs. */
  expiresAt?: number;
}

export interface EnqueueRejection {
  index: number;
  id: string | undefined;
  field: string;
  error: string;
}

export interface EnqueueResult {
  accepted: number;
  duplicates: number;
  rejected: EnqueueRejection[];
}

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** DNS port. Errors carry node:dns codes: ENOTFOUND (NXDOMAIN), ENODATA, ETIMEOUT, ESERVFAIL... */
export interface Resolver {
  mx(domain: string): Promise<MxRecord[]>;
  a(host: string): Promise<string[]>;
  txt(name: string): Promise<string[][]>;
}

export interface Clock {
  now(): number;
}

export interface DkimKey {
  domain: string;
  selector: string;
  /** "rsa" (RSA-2048 recommended) or "ed25519". */
  algorithm: "rsa" | "ed25519";
  /** PKCS#8 or PKCS#1 PEM. */
  privateKeyPem: string;
}

export interface SigningKeys {
  /** Keys to sign with for a tenant's From domain: one RSA key, optionally plus one Ed25519 key. */
  keysFor(tenant: string, domain: string): Promise<DkimKey[]> | DkimKey[];
}

export interface Policy {
  isSuppressed(tenant: string, address: string): Promise<boolean> | boolean;
  poolFor?(tenant: string, from: string): PoolName | undefined;
  isPaused?(tenant: string): Promise<boolean> | boolean;
  /**
   * Domain of the VERP return path for mail from `fromDomain` (e.g. `bounce.<fromDomain>`, so SPF aligns
   * with the From domain for DMARC). Undefined → `bounceDomain`. It must also pass `isBounceDomain`.
   */
  returnPathDomain?(tenant: string, fromDomain: string): string | undefined;
  /** Extra domains whose VERP addresses the inbound server accepts, besides `bounceDomain`/`extraBounceDomains`. */
  isBounceDomain?(domain: string): boolean;
}

export interface ComposeContext {
  tenant: string;
  messageId: string;
  to: string;
  from: string;
}

export interface Composer {
  /** The raw RFC 5322 message for a recipe. Throw an error with `permanent: true` to fail it for good. */
  compose(recipe: Recipe, ctx: ComposeContext): Promise<string | Uint8Array> | string | Uint8Array;
}

export type EventType = "delivered" | "deferred" | "bounced" | "complained" | "expired" | "failed";

export interface SmtpReply {
  code: number | null;
  enhanced: string | null;
  text: string;
}

export interface MtaEvent {
  /** Deterministic id: the app can drop duplicates (events are delivered at least once). */
  eventId: string;
  type: EventType;
  at: number;
  tenant: string;
  messageId: string;
  recipient: string;
  attempt: number;
  egressIp: string | null;
  mx: string | null;
  reply: SmtpReply | null;
  /** Outcome class: "delivered", a retry class ("greylist"...), a bounce class ("hard", "block"...). */
  class: string;
  reason: string;
  nextAttemptAt?: number;
  /** For bounced: "sync" (SMTP reply) or "dsn"; for complained: the ARF feedback type. */
  source?: string;
}

export interface EventSink {
  /** Called with batches; throw/reject to have the batch retried later. */
  emit(events: MtaEvent[]): Promise<void> | void;
}

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export type TlsMode = "opportunistic" | "required";

export interface RetryRule {
  /** Delays in ms by attempt number (the last one repeats). */
  delays: number[];
}

export interface RetryTable {
  jitter: number;
  capMs: number;
  classes: Record<string, RetryRule>;
}

export interface ResponseRule {
  /** Case-insensitive regular expression matched against "code enhanced text". */
  pattern: string;
  action: "suspend" | "throttle";
  minutes: number;
  /** For throttle: messages per minute while it lasts. */
  ratePerMinute?: number;
}

export interface ShapingProfile {
  name: string;
  /** MX hostname suffixes; empty for the default profile "other". */
  mxSuffixes: string[];
  maxConnections: number;
  messagesPerConnection: number;
  rate: { initial: number; floor: number; ceiling: number };
  backoff: number;
  recovery: number;
  recoverAfter: number;
  tls: TlsMode;
  rules: ResponseRule[];
}

export interface WarmingPolicy {
  /** Daily cap by warm-up day (index 0 = day 1); past the end the IP may graduate. */
  schedule: number[];
  graduateAfterDay: number;
  transactionalReserve: number;
  haltBounceRate: number;
  haltDeferralRate: number;
  slowBounceRate: number;
  slowDeferralRate: number;
  fastBounceRate: number;
  fastDeferralRate: number;
}

export interface EgressIp {
  ip: string;
  pools: PoolName[];
  ehlo?: string;
  /** Start warming at day 1 (default: already warm). */
  warmup?: boolean;
}

export interface IpStatus {
  ip: string;
  pools: PoolName[];
  ehlo: string;
  phase: "warming" | "hold" | "graduated";
  day: number;
  dailyCap: number | null;
  sentToday: number;
  providerMultipliers: Record<string, number>;
}

export interface SmarthostOptions {
  host: string;
  port: number;
  /** true = TLS from the first byte (465); false = STARTTLS required unless tls is "none". */
  secure?: boolean;
  tls?: "required" | "none";
  user?: string;
  password?: string;
  rejectUnauthorized?: boolean;
  maxConnections?: number;
}

export interface QueueStats {
  byState: Record<string, number>;
  byDomain: { domain: string; queued: number; deferred: number; inflight: number }[];
  oldestQueuedAt: number | null;
  total: number;
}

export interface QueueEntry {
  messageId: string;
  tenant: string;
  recipient: string;
  state: string;
  attempts: number;
  nextAttemptAt: number;
  lastClass: string | null;
  lastReply: string | null;
  createdAt: number;
}

export interface Health {
  ok: boolean;
  running: boolean;
  inbound: boolean;
  queueDepth: number;
  inflight: number;
  oldestQueuedAt: number | null;
  eventsPending: number;
  problems: string[];
}

export interface InboundOptions {
  port: number;
  host?: string;
  /** Complaint (FBL) local parts accepted at every bounce domain. Default ["fbl"]. */
  complaintLocalParts?: string[];
  maxMessageBytes?: number;
  tls?: { key: string; cert: string };
}

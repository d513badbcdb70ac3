import { Database, type Statement } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { MtaEvent, PoolName, QueueEntry, QueueStats, Recipe } from "../types.ts";
import { SPOOL_SCHEMA, SPOOL_VERSION, type DeliveryState } from "./schema.ts";

export interface SpoolMessage {
  id: string;
  tenant: string;
  sender: string;
  pool: PoolName;
  raw: string | null; // CRLF binary string
  recipe: Recipe | null;
  createdAt: number;
  expiresAt: number;
  rcpts: string[];
}

export interface DueDelivery {
  rid: number;
  messageId: string;
  rcpt: string;
  domain: string;
  attempts: number;
  tenant: string;
  sender: string;
  pool: PoolName;
  createdAt: number;
  expiresAt: number;
  /** The recipe, fetched with the claim (raw bytes are loaded at delivery time). */
  recipe?: Recipe | null;
}

export interface Outcome {
  rid: number;
  messageId: string;
  state: DeliveryState;
  attempts: number;
  nextAt: number;
  code: number | null;
  status: string | null;
  text: string | null;
  cls: string;
  mx: string | null;
  ip: string | null;
  event: MtaEvent | null;
  /** The message keeps raw bytes (released once its last recipient is done). */
  hasRaw: boolean;
}

/** Open a spool file: busy timeout, WAL, chosen sync level, schema. */
export function openSpoolDb(path: string, durability: "full" | "normal"): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true });
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  void durability;
  db.exec("PRAGMA wal_autocheckpoint = 4000");
  const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (version > SPOOL_VERSION) throw new Error(`spool ${path} has schema version ${version}, newer than this engine (${SPOOL_VERSION})`);
  db.exec(SPOOL_SCHEMA);
  db.exec(`PRAGMA user_version = ${SPOOL_VERSION}`);
  return db;
}

/** All SQL of the spool. Writes are called inside GroupCommit transactions by the engine. */
export class Spool {
  private readonly q: Record<string, Statement>;

  constructor(readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      insertMessage: p(`INSERT OR IGNORE INTO messages (id, tenant, sender, pool, raw, recipe, created_at, expires_at, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertDelivery: p(`INSERT OR IGNORE INTO deliveries (message_id, rcpt, domain, state, next_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`),
      due: p(`SELECT d.rid, d.message_id, d.rcpt, d.domain, d.attempts, m.tenant, m.sender, m.pool, m.created_at, m.expires_at, m.recipe
              FROM deliveries d INDEXED BY deliveries_due JOIN messages m ON m.id = d.message_id
              WHERE d.state IN ('queued', 'deferred') AND d.next_at <= ? ORDER BY d.next_at LIMIT ?`),
      claim: p(`UPDATE deliveries SET state = 'inflight' WHERE rid = ?`),
      message: p(`SELECT raw, recipe FROM messages WHERE id = ?`),
      update: p(`UPDATE deliveries SET state = ?, attempts = ?, next_at = ?, updated_at = ?, last_code = ?, last_status = ?, last_text = ?, last_class = ?, last_mx = ?, last_ip = ? WHERE rid = ?`),
      release: p(`UPDATE deliveries SET state = 'deferred', next_at = ? WHERE rid = ? AND state = 'inflight'`),
      closeOne: p(`UPDATE messages SET open = open - 1, raw = CASE WHEN open <= 1 THEN NULL ELSE raw END WHERE id = ?`),
      insertEvent: p(`INSERT INTO events (body) VALUES (?)`),
      events: p(`SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
      deleteEvents: p(`DELETE FROM events WHERE seq <= ?`),
      countEvents: p(`SELECT count(*) AS n FROM events`),
      byRid: p(`SELECT d.rid, d.message_id, d.rcpt, d.attempts, d.state, d.last_mx, d.last_ip, m.tenant FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE d.rid = ?`),
      kvGet: p(`SELECT value FROM kv WHERE key = ?`),
      kvSet: p(`INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    };
  }

  /** Insert one message and its recipients; false when the id already exists (idempotent). */
  insertMessage(m: SpoolMessage, now: number): boolean {
    const raw = m.raw === null ? null : Buffer.from(m.raw, "latin1");
    const recipe = m.recipe === null ? null : JSON.stringify(m.recipe);
    const res = this.q.insertMessage!.run(m.id, m.tenant, m.sender, m.pool, raw, recipe, m.createdAt, m.expiresAt, m.rcpts.length);
    if (res.changes === 0) return false;
    for (const rcpt of m.rcpts) this.q.insertDelivery!.run(m.id, rcpt, rcpt.slice(rcpt.lastIndexOf("@") + 1), now, now);
    return true;
  }

  /** Due deliveries, marked in flight in the same transaction. */
  claimDue(now: number, limit: number): DueDelivery[] {
    return this.db.transaction(() => {
      const rows = this.q.due!.all(now, limit) as Record<string, unknown>[];
      for (const r of rows) this.q.claim!.run(r.rid as number);
      return rows.map(toDue);
    })();
  }

  loadMessage(id: string): { raw: string | null; recipe: Recipe | null } | null {
    const row = this.q.message!.get(id) as { raw: Uint8Array | null; recipe: string | null } | null;
    if (!row) return null;
    return {
      raw: row.raw ? Buffer.from(row.raw).toString("latin1") : null,
      recipe: row.recipe ? (JSON.parse(row.recipe) as Recipe) : null,
    };
  }

  /** Record one attempt's outcome (and its event) — called inside a group commit. */
  /** Returns the event's outbox sequence number (0 when there is no event). */
  applyOutcome(o: Outcome, now: number): number {
    this.q.update!.run(o.state, o.attempts, o.nextAt, now, o.code, o.status, o.text, o.cls, o.mx, o.ip, o.rid);
    if (o.hasRaw && o.state !== "deferred" && o.state !== "queued") this.q.closeOne!.run(o.messageId);
    return o.event ? this.insertEvent(o.event) : 0;
  }

  /** Put a claimed delivery back without counting an attempt (shaping/warming gate). */
  release(rid: number, nextAt: number): void {
    this.q.release!.run(nextAt, rid);
  }

  insertEvent(e: MtaEvent): number {
    return Number(this.q.insertEvent!.run(JSON.stringify(e)).lastInsertRowid);
  }

  pendingEvents(after: number, limit: number): { seq: number; event: MtaEvent }[] {
    const rows = this.q.events!.all(after, limit) as { seq: number; body: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as MtaEvent }));
  }

  deleteEventsThrough(seq: number): void {
    this.q.deleteEvents!.run(seq);
  }

  countEvents(): number {
    return (this.q.countEvents!.get() as { n: number }).n;
  }

  delivery(rid: number): { rid: number; messageId: string; rcpt: string; attempts: number; state: string; mx: string | null; ip: string | null; tenant: string } | null {
    const r = this.q.byRid!.get(rid) as Record<string, unknown> | null;
    if (!r) return null;
    return { rid: r.rid as number, messageId: r.message_id as string, rcpt: r.rcpt as string, attempts: r.attempts as number, state: r.state as string, mx: r.last_mx as string | null, ip: r.last_ip as string | null, tenant: r.tenant as string };
  }

  /** After a crash: whatever was in flight is due again now. Returns how many. */
  recoverInflight(now: number): number {
    return this.db.prepare(`UPDATE deliveries SET state = 'deferred', next_at = ? WHERE state = 'inflight'`).run(now).changes;
  }

  kvGet<T>(key: string): T | null {
    const row = this.q.kvGet!.get(key) as { value: string } | null;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  kvSet(key: string, value: unknown): void {
    this.q.kvSet!.run(key, JSON.stringify(value));
  }

  stats(now: number, topDomains = 20): QueueStats {
    const byState: Record<string, number> = {};
    let total = 0;
    for (const r of this.db.query(`SELECT state, count(*) AS n FROM deliveries GROUP BY state`).all() as { state: string; n: number }[]) {
      byState[r.state] = r.n;
      total += r.n;
    }
    const byDomain = this.db
      .query(`SELECT domain, sum(state = 'queued') AS queued, sum(state = 'deferred') AS deferred, sum(state = 'inflight') AS inflight
              FROM deliveries WHERE state IN ('queued', 'deferred', 'inflight') GROUP BY domain ORDER BY count(*) DESC LIMIT ?`)
      .all(topDomains) as QueueStats["byDomain"];
    const oldest = this.db
      .query(`SELECT min(m.created_at) AS t FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE d.state IN ('queued', 'deferred', 'inflight')`)
      .get() as { t: number | null };
    void now;
    return { byState, byDomain, oldestQueuedAt: oldest.t, total };
  }

  /** Waiting deliveries and the oldest waiting message, through the partial index only (cheap for health()). */
  waitingSummary(): { waiting: number; oldest: number | null } {
    const r = this.db
      .query(`SELECT count(*) AS n, min(m.created_at) AS oldest FROM deliveries d INDEXED BY deliveries_due JOIN messages m ON m.id = d.message_id WHERE d.state IN ('queued', 'deferred')`)
      .get() as { n: number; oldest: number | null };
    return { waiting: r.n, oldest: r.oldest };
  }

  list(filter: { state?: string; domain?: string; messageId?: string; limit?: number }): QueueEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.state) (where.push("d.state = ?"), args.push(filter.state));
    if (filter.domain) (where.push("d.domain = ?"), args.push(filter.domain.toLowerCase()));
    if (filter.messageId) (where.push("d.message_id = ?"), args.push(filter.messageId));
    args.push(Math.min(filter.limit ?? 100, 10_000));
    const sql = `SELECT d.message_id, m.tenant, d.rcpt, d.state, d.attempts, d.next_at, d.last_class, d.last_code, d.last_status, d.last_text, m.created_at
                 FROM deliveries d JOIN messages m ON m.id = d.message_id ${where.length ? "WHERE " + where.join(" AND ") : ""}
                 ORDER BY d.rid LIMIT ?`;
    return (this.db.query(sql).all(...args) as Record<string, unknown>[]).map((r) => ({
      messageId: r.message_id as string,
      tenant: r.tenant as string,
      recipient: r.rcpt as string,
      state: r.state as string,
      attempts: r.attempts as number,
      nextAttemptAt: r.next_at as number,
      lastClass: (r.last_class as string | null) ?? null,
      lastReply: r.last_code ? `${r.last_code} ${r.last_status ?? ""} ${r.last_text ?? ""}`.replace(/\s+/g, " ").trim() : ((r.last_text as string | null) ?? null),
      createdAt: r.created_at as number,
    }));
  }

  /** Make every deferred delivery (optionally one tenant's) due now. */
  flush(now: number, tenant?: string): number {
    const sql = tenant
      ? `UPDATE deliveries SET next_at = ? WHERE state = 'deferred' AND message_id IN (SELECT id FROM messages WHERE tenant = ?)`
      : `UPDATE deliveries SET next_at = ? WHERE state = 'deferred'`;
    return (tenant ? this.db.prepare(sql).run(now, tenant) : this.db.prepare(sql).run(now)).changes;
  }

  /** Waiting deliveries of one message become due now. */
  retry(messageId: string, now: number): number {
    return this.db.prepare(`UPDATE deliveries SET next_at = ? WHERE message_id = ? AND state IN ('queued', 'deferred')`).run(now, messageId).changes;
  }

  /** Waiting deliveries to an address (optionally of one tenant). */
  waitingFor(address: string, tenant?: string): DueDelivery[] {
    const rows = this.db
      .query(`SELECT d.rid, d.message_id, d.rcpt, d.domain, d.attempts, m.tenant, m.sender, m.pool, m.created_at, m.expires_at
              FROM deliveries d JOIN messages m ON m.id = d.message_id
              WHERE d.state IN ('queued', 'deferred') AND d.rcpt = ? COLLATE NOCASE`)
      .all(address) as Record<string, unknown>[];
    return rows.map(toDue).filter((d) => !tenant || d.tenant === tenant);
  }

  /** Delete finished deliveries older than the cutoff, then messages with nothing left. */
  prune(before: number): number {
    const n = this.db.prepare(`DELETE FROM deliveries WHERE state IN ('delivered', 'bounced', 'expired', 'failed') AND updated_at < ?`).run(before).changes;
    this.db.exec(`DELETE FROM messages WHERE created_at < ${Math.floor(before)} AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)`);
    return n;
  }

  close(): void {
    this.db.close();
  }
}

function toDue(r: Record<string, unknown>): DueDelivery {
  return {
    rid: r.rid as number,
    messageId: r.message_id as string,
    rcpt: r.rcpt as string,
    domain: r.domain as string,
    attempts: r.attempts as number,
    tenant: r.tenant as string,
    sender: r.sender as string,
    pool: r.pool as PoolName,
    createdAt: r.created_at as number,
    expiresAt: r.expires_at as number,
    recipe: typeof r.recipe === "string" ? (JSON.parse(r.recipe) as Recipe) : undefined,
  };
}

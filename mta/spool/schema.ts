/** The spool's own schema (one SQLite file owned by the engine). Bump SPOOL_VERSION on change. */
export const SPOOL_VERSION = 1;

export const SPOOL_SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  sender TEXT NOT NULL,
  pool TEXT NOT NULL,
  raw BLOB,
  recipe TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  open INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL,
  rcpt TEXT NOT NULL,
  domain TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_code INTEGER,
  last_status TEXT,
  last_text TEXT,
  last_class TEXT,
  last_mx TEXT,
  last_ip TEXT,
  UNIQUE (message_id, rcpt)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_at) WHERE state IN ('queued', 'deferred');
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export const WAITING_STATES = ["queued", "deferred"] as const;
export const TERMINAL_STATES = ["delivered", "bounced", "expired", "failed"] as const;
export type DeliveryState = "queued" | "inflight" | "deferred" | (typeof TERMINAL_STATES)[number];

import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Open a SQLite file with the house pragmas, in PocketBase's order: busy timeout first
 * (so the WAL switch can wait for a lock), then WAL, NORMAL sync, foreign keys.
 */
export function openSqlite(path: string, opts: { readonly?: boolean } = {}): Database {
  if (path !== ":memory:" && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = opts.readonly ? new Database(path, { readonly: true }) : new Database(path, { create: true });
  db.exec("PRAGMA busy_timeout = 5000");
  if (!opts.readonly) db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

/** Rows changed by a drizzle `.run()` on bun:sqlite (typed void by drizzle, a Changes object at run time). */
export function changes(result: unknown): number {
  return (result as { changes: number }).changes;
}

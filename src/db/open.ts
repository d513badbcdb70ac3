import { Database, type Statement } from "bun:sqlite";
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
  cacheStatements(db);
  return db;
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * drizzle's bun-sqlite driver calls `prepare(sql)` for every query; compiling the statements again
 * was about a quarter of a signed-in page's CPU time. Reuse them by SQL text (drizzle binds values
 * as parameters, so the texts are few). Every use runs a statement to completion (all/get/run), so
 * sharing one is safe; do not hold a drizzle `.iterator()` open across another query of the same text.
 */
function cacheStatements(db: Database): void {
  const prepare = db.prepare.bind(db);
  const close = db.close.bind(db);
  const cache = new Map<string, Statement>();
  db.prepare = ((sql: string, params?: unknown) => {
    if (params !== undefined) return prepare(sql, params as never);
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Database["prepare"];
  db.close = ((throwOnError?: boolean) => {
    for (const stmt of cache.values()) stmt.finalize();
    cache.clear();
    close(throwOnError);
  }) as Database["close"];
}

/** Rows changed by a drizzle `.run()` on bun:sqlite (typed void by drizzle, a Changes object at run time). */
export function changes(result: unknown): number {
  return (result as { changes: number }).changes;
}

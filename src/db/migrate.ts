import type { Database } from "bun:sqlite";
import type { Migration } from "./migrations.generated";

const BREAKPOINT = "--> statement-breakpoint";

export interface MigrateResult {
  applied: string[];
}

/**
 * Apply drizzle-kit's SQL migrations that this database has not seen yet, each in its own
 * transaction, recording them in __owlat_migrations. No drizzle-kit at run time.
 */
export function migrate(db: Database, migrations: Migration[], onApply?: (name: string) => void): MigrateResult {
  db.exec("CREATE TABLE IF NOT EXISTS __owlat_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const done = new Set(
    (db.query("SELECT name FROM __owlat_migrations").all() as { name: string }[]).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const statements = m.sql.split(BREAKPOINT).map((s) => s.trim()).filter(Boolean);
    db.transaction(() => {
      for (const sql of statements) db.exec(sql);
      db.query("INSERT INTO __owlat_migrations (name, applied_at) VALUES (?, ?)").run(m.name, Date.now());
    })();
    applied.push(m.name);
    onApply?.(m.name);
  }
  return { applied };
}

export function pendingMigrations(db: Database, migrations: Migration[]): string[] {
  const exists = db.query("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__owlat_migrations'").get();
  if (!exists) return migrations.map((m) => m.name);
  const done = new Set(
    (db.query("SELECT name FROM __owlat_migrations").all() as { name: string }[]).map((r) => r.name),
  );
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { Database } from "bun:sqlite";
import { join } from "node:path";
import * as schema from "./schema/system";
import { openSqlite } from "./open";
import { migrate } from "./migrate";
import { systemMigrations } from "./migrations.generated";

export type SystemDb = BunSQLiteDatabase<typeof schema> & { $client: Database };
export { schema as systemSchema };

export function systemDbPath(dataDir: string): string {
  return join(dataDir, "system.sqlite");
}

/** Open (creating and migrating) the system database. */
export function openSystemDb(dataDir: string, onMigration?: (name: string) => void): SystemDb {
  const sqlite = openSqlite(systemDbPath(dataDir));
  migrate(sqlite, systemMigrations, onMigration);
  return drizzle(sqlite, { schema });
}

/** A system database handle or an open transaction on it; query helpers accept either. */
export type SystemTx = Parameters<Parameters<SystemDb["transaction"]>[0]>[0];
export type SystemConn = SystemDb | SystemTx;

import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { Database } from "bun:sqlite";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as schema from "./schema/tenant/index";
import { openSqlite } from "./open";
import { migrate } from "./migrate";
import { tenantMigrations } from "./migrations.generated";
import { AppError } from "../lib/errors";

export type TenantDb = BunSQLiteDatabase<typeof schema> & { $client: Database };
export { schema as tenantSchema };

export function tenantsDir(dataDir: string): string {
  return join(dataDir, "tenants");
}

/** Files an organization owns (media), next to its database: tenants/<org id>.files/. */
export function tenantFilesDir(dataDir: string, orgId: string): string {
  return tenantDbPath(dataDir, orgId).replace(/\.sqlite$/, ".files");
}

export function tenantDbPath(dataDir: string, orgId: string): string {
  if (!/^[a-z0-9]+$/.test(orgId)) throw new AppError("INVALID_INPUT", `bad organization id: ${orgId}`);
  return join(tenantsDir(dataDir), `${orgId}.sqlite`);
}

/**
 * One SQLite file per organization: opened on first use, migrated on open, kept in a
 * least-recently-used cache of open handles.
 */
export class TenantRegistry {
  private open = new Map<string, TenantDb>();

  constructor(
    readonly dataDir: string,
    private capacity = 64,
  ) {}

  get(orgId: string): TenantDb {
    const cached = this.open.get(orgId);
    if (cached) {
      this.open.delete(orgId);
      this.open.set(orgId, cached);
      return cached;
    }
    const db = this.openTenant(orgId);
    this.open.set(orgId, db);
    while (this.open.size > this.capacity) {
      const oldest = this.open.keys().next().value as string;
      this.close(oldest);
    }
    return db;
  }

  /** Create the organization's database file (used when the organization is created). */
  create(orgId: string): TenantDb {
    return this.get(orgId);
  }

  exists(orgId: string): boolean {
    return existsSync(tenantDbPath(this.dataDir, orgId));
  }

  /** Open a tenant file and apply pending migrations; returns what was applied. */
  migrateOne(orgId: string, onApply?: (name: string) => void): string[] {
    this.close(orgId);
    const sqlite = openSqlite(tenantDbPath(this.dataDir, orgId));
    try {
      return migrate(sqlite, tenantMigrations, onApply).applied;
    } finally {
      sqlite.close();
    }
  }

  close(orgId: string): void {
    const db = this.open.get(orgId);
    if (!db) return;
    this.open.delete(orgId);
    db.$client.close();
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  /** Delete the organization's files (after the caller removed it from the system DB). */
  destroy(orgId: string): void {
    this.close(orgId);
    const path = tenantDbPath(this.dataDir, orgId);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    rmSync(tenantFilesDir(this.dataDir, orgId), { recursive: true, force: true });
  }

  /** Organization ids that have a database file. */
  listFiles(): string[] {
    const dir = tenantsDir(this.dataDir);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith(".sqlite"))
      .map((f) => f.slice(0, -".sqlite".length));
  }

  openCount(): number {
    return this.open.size;
  }

  private openTenant(orgId: string): TenantDb {
    const path = tenantDbPath(this.dataDir, orgId);
    let sqlite;
    try {
      sqlite = openSqlite(path);
      migrate(sqlite, tenantMigrations);
    } catch (e) {
      sqlite?.close();
      throw new AppError(
        "UNAVAILABLE",
        `The database of this organization cannot be opened (${(e as Error).message}). Restore it from a backup with \`owlat restore\`.`,
        { orgId },
      );
    }
    return drizzle(sqlite, { schema });
  }
}

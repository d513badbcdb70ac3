import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { TenantRegistry, tenantDbPath } from "./tenants";
import { openSqlite } from "./open";
import { migrate, pendingMigrations } from "./migrate";
import { tenantMigrations, systemMigrations } from "./migrations.generated";
import { openSystemDb } from "./system";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "owlat-db-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("SQLite storage", () => {
  test("pragmas: WAL, foreign keys, busy timeout", () => {
    const db = openSqlite(join(tmp(), "x.sqlite"));
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    expect((db.query("PRAGMA foreign_keys").get() as { foreign_keys: number }).foreign_keys).toBe(1);
    expect((db.query("PRAGMA busy_timeout").get() as { timeout: number }).timeout).toBe(5000);
  });

  test("migrations apply once, in order, and are recorded", () => {
    const db = openSqlite(join(tmp(), "s.sqlite"));
    expect(pendingMigrations(db, systemMigrations).length).toBe(systemMigrations.length);
    expect(migrate(db, systemMigrations).applied.length).toBe(systemMigrations.length);
    expect(migrate(db, systemMigrations).applied).toEqual([]);
    expect(pendingMigrations(db, systemMigrations)).toEqual([]);
    const tables = (db.query("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ["users", "sessions", "organizations", "memberships", "invitations", "instance_settings", "jobs", "audit_log"]) expect(tables).toContain(t);
  });

  test("a failing migration leaves nothing half-applied", () => {
    const db = openSqlite(join(tmp(), "f.sqlite"));
    const bad = [{ name: "0001_bad", sql: "CREATE TABLE a (x INT);\n--> statement-breakpoint\nCREATE TABLE a (y INT);" }];
    expect(() => migrate(db, bad)).toThrow();
    expect(db.query("SELECT name FROM sqlite_master WHERE name='a'").get()).toBeNull();
    expect(pendingMigrations(db, bad)).toEqual(["0001_bad"]);
  });

  test("system database opens with its schema", () => {
    const sys = openSystemDb(tmp());
    expect(sys.$client.query("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
  });
});

describe("TenantRegistry", () => {
  test("one file per organization, opened lazily, migrated on open, cached", () => {
    const dir = tmp();
    const reg = new TenantRegistry(dir, 2);
    expect(reg.exists("aaa")).toBe(false);
    const a = reg.get("aaa");
    expect(reg.exists("aaa")).toBe(true);
    expect(reg.get("aaa")).toBe(a);
    const check = new Database(tenantDbPath(dir, "aaa"));
    expect(pendingMigrations(check, tenantMigrations)).toEqual([]);
    check.close();
    expect(reg.listFiles()).toEqual(["aaa"]);
    reg.closeAll();
  });

  test("least recently used handles are closed beyond the capacity", () => {
    const reg = new TenantRegistry(tmp(), 2);
    reg.get("aaa");
    reg.get("bbb");
    reg.get("aaa");
    reg.get("ccc");
    expect(reg.openCount()).toBe(2);
    const reopened = reg.get("bbb");
    expect(reopened.$client.query("SELECT 1 AS ok").get()).toEqual({ ok: 1 });
    reg.closeAll();
  });

  test("tenants never share a file", () => {
    const reg = new TenantRegistry(tmp());
    reg.get("aaa").$client.exec("INSERT INTO org_settings (key, value, updated_at) VALUES ('k', '\"a\"', 1)");
    expect(reg.get("bbb").$client.query("SELECT count(*) AS n FROM org_settings").get()).toEqual({ n: 0 });
    reg.closeAll();
  });

  test("a corrupt tenant file gives a clear error naming the way out", () => {
    const dir = tmp();
    const reg = new TenantRegistry(dir);
    reg.get("bad").$client.exec("SELECT 1");
    reg.close("bad");
    writeFileSync(tenantDbPath(dir, "bad"), "this is not a database, just text that is long enough to matter".repeat(200));
    expect(() => reg.get("bad")).toThrow(/cannot be opened .*owlat restore/);
  });

  test("ids that could escape the folder are refused", () => {
    expect(() => tenantDbPath("/x", "../etc")).toThrow(/bad organization id/);
  });
});

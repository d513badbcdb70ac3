import { openSqlite } from "../db/open";
import { migrate as applyMigrations, pendingMigrations } from "../db/migrate";
import { systemDbPath } from "../db/system";
import { tenantDbPath } from "../db/tenants";
import { systemMigrations, tenantMigrations } from "../db/migrations.generated";
import { existsSync, mkdirSync } from "node:fs";
import { loadConfig } from "../config/load";
import { checkFlags, configFlags } from "./args";
import { out, type Command } from "./command";
import { openApp } from "./context";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Apply pending migrations to the system database and every organization database",
  usage: `owlat migrate [--data-dir DIR]

Applies the embedded migrations to the system database, then to each organization's database,
printing each one. Safe to run again: applied migrations are skipped. \`owlat serve\` also migrates
at start, and an organization's database is migrated whenever it is opened.`,
  async run(args) {
    checkFlags(args.flags, []);
    const config = loadConfig({ flags: configFlags(args.flags) });
    if (!existsSync(config.dataDir)) {
      mkdirSync(config.dataDir, { recursive: true });
      out(`created data directory ${config.dataDir}`);
    }
    const sys = openSqlite(systemDbPath(config.dataDir));
    const sysPending = pendingMigrations(sys, systemMigrations);
    applyMigrations(sys, systemMigrations, (name) => out(`system: applied ${name}`));
    sys.close();
    if (sysPending.length === 0) out("system: up to date");
    const app = openApp(args);
    try {
      const orgs = app.orgs.list();
      let failures = 0;
      orgs.forEach((org, i) => {
        const path = tenantDbPath(app.config.dataDir, org.id);
        try {
          const db = openSqlite(path);
          const applied = applyMigrations(db, tenantMigrations).applied;
          db.close();
          out(`[${i + 1}/${orgs.length}] ${org.slug}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
        } catch (e) {
          failures++;
          out(`[${i + 1}/${orgs.length}] ${org.slug}: FAILED (${(e as Error).message}) — restore this organization from a backup`);
        }
      });
      out(`done: ${orgs.length} organization database(s), ${failures} failed`);
      return failures ? 1 : 0;
    } finally {
      await app.close();
    }
  },
};

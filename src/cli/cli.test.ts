import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";

setDefaultTimeout(60_000);
const repo = join(import.meta.dir, "..", "..");
const main = join(repo, "src", "main.ts");
const work = mkdtempSync(join(tmpdir(), "owlat-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function owlat(args: string[], opts: { dataDir?: string; env?: Record<string, string>; stdin?: string } = {}) {
  const dataDir = opts.dataDir ?? join(work, "data");
  const p = Bun.spawnSync([process.execPath, main, ...args, ...(args.includes("--data-dir") ? [] : ["--data-dir", dataDir])], {
    cwd: repo,
    env: { PATH: process.env.PATH!, HOME: work, OWLAT_MTA_INBOUND_PORT: "0", ...opts.env },
    stdin: opts.stdin ? Buffer.from(opts.stdin) : undefined,
  });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

const COMMANDS = ["serve", "migrate", "admin", "org", "feature", "mta", "backup", "restore", "config", "version"];

describe("owlat CLI", () => {
  test("--help lists every subcommand; each has its own --help", () => {
    const top = owlat(["--help"]);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.out).toContain(`  ${c} `);
    for (const c of COMMANDS) {
      const h = owlat([c, "--help"]);
      expect(h.code).toBe(0);
      expect(h.out).toContain(`owlat ${c}`);
    }
  });

  test("unknown commands and options are usage errors (exit 2)", () => {
    expect(owlat(["frobnicate"]).code).toBe(2);
    const bad = owlat(["org", "list", "--colour", "red"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown option --colour");
  });

  test("a missing data dir and a bad config value get one clear line, exit 1", () => {
    const missing = owlat(["org", "list"], { dataDir: join(work, "nope") });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("No data directory at");
    expect(missing.err).not.toContain("    at ");
    const badPort = owlat(["org", "list"], { env: { OWLAT_TENANT_CACHE_SIZE: "lots" } });
    expect(badPort.code).toBe(1);
    expect(badPort.err).toContain("tenantCacheSize (OWLAT_TENANT_CACHE_SIZE)");
  });

  test("admin create → org create/list → feature on/off → migrate → admin reset-password", () => {
    const dataDir = join(work, "flow");
    const created = owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery", "--org-name", "Acme"], { dataDir });
    expect(created.code).toBe(0);
    expect(created.out).toContain("created organization Acme (slug acme)");
    expect(owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery"], { dataDir }).err).toContain("already exists");
    expect(owlat(["admin", "create", "--email", "x@example.com", "--password", "short"], { dataDir }).err).toContain("at least 10 characters");
    expect(owlat(["org", "create", "--name", "Beta", "--owner", "root@example.com"], { dataDir }).out).toContain("slug beta");
    const list = owlat(["org", "list", "--json"], { dataDir });
    expect(JSON.parse(list.out).map((o: { slug: string }) => o.slug)).toEqual(["acme", "beta"]);

    const off = owlat(["feature", "off", "campaigns", "--org", "beta"], { dataDir });
    expect(off.out).toContain("organization beta: campaigns off");
    expect(off.out).toContain("campaigns.archive off");
    const flags = JSON.parse(owlat(["feature", "list", "--org", "beta", "--json"], { dataDir }).out);
    expect(flags.campaigns).toBe(false);
    expect(JSON.parse(owlat(["feature", "list", "--json"], { dataDir }).out).campaigns).toBe(true);
    expect(owlat(["feature", "on", "nonsense"], { dataDir }).err).toContain('Unknown feature flag "nonsense"');
    expect(owlat(["feature", "mode", "crm_only"], { dataDir }).out).toContain("instance: transactional off");

    const m = owlat(["migrate"], { dataDir });
    expect(m.code).toBe(0);
    expect(m.out).toContain("system: up to date");
    expect(m.out).toContain("[2/2] beta: up to date");

    const reset = owlat(["admin", "reset-password", "--email", "root@example.com", "--password-stdin"], { dataDir, stdin: "another long password\n" });
    expect(reset.code).toBe(0);
    expect(owlat(["org", "delete", "beta"], { dataDir }).err).toContain("--yes");
    expect(owlat(["org", "delete", "beta", "--yes"], { dataDir }).out).toContain("deleted organization Beta");
  });

  test("migrate reports an organization whose database is corrupt, and exits 1", () => {
    const dataDir = join(work, "corrupt");
    owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery", "--org-name", "Acme"], { dataDir });
    const file = readdirSync(join(dataDir, "tenants")).find((f) => f.endsWith(".sqlite"))!;
    writeFileSync(join(dataDir, "tenants", file), "garbage ".repeat(2000));
    const m = owlat(["migrate"], { dataDir });
    expect(m.code).toBe(1);
    expect(m.out).toContain("acme: FAILED");
    expect(m.out).toContain("restore this organization from a backup");
  });

  test("config docs prints the reference; version prints the version", () => {
    expect(owlat(["config", "docs"]).out).toContain("| `port` | `OWLAT_PORT` | `--port` |");
    expect(owlat(["version"]).out).toMatch(/^owlat \d+\.\d+\.\d+/);
  });
});

describe("backup and restore", () => {
  test("online backup while the server writes; restore verifies before replacing", async () => {
    const dataDir = join(work, "live");
    owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery", "--org-name", "Acme"], { dataDir });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = Bun.spawn([process.execPath, main, "serve", "--data-dir", dataDir, "--port", String(port)], { cwd: repo, stdout: "pipe", stderr: "pipe", env: { ...process.env, OWLAT_MTA_INBOUND_PORT: "0" } });
    try {
      for (let i = 0; i < 50; i++) {
        if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false)) break;
        await Bun.sleep(100);
      }
      // Keep writing while the backup runs: audit entries through the CLI's connection.
      const writer = new Database(join(dataDir, "system.sqlite"));
      writer.exec("PRAGMA busy_timeout = 5000");
      let writes = 0;
      const timer = setInterval(() => {
        writer.query("INSERT INTO audit_log (actor_label, action, resource, created_at) VALUES ('load', 'test.write', 'settings', ?)").run(Date.now());
        writes++;
      }, 2);
      const archive = join(work, "backup.tar.gz");
      const proc = Bun.spawn([process.execPath, main, "backup", "--out", archive, "--data-dir", dataDir], { cwd: repo, stdout: "pipe", stderr: "pipe" });
      const code = await proc.exited;
      clearInterval(timer);
      writer.close();
      expect(code).toBe(0);
      expect(await new Response(proc.stdout).text()).toContain("backup written to");
      expect(writes).toBeGreaterThan(0);
      expect(owlat(["backup", "--out", archive], { dataDir }).err).toContain("exists");

      const refused = owlat(["restore", archive, "--yes"], { dataDir });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("is running");
      server.kill("SIGTERM");
      expect(await server.exited).toBe(0);

      owlat(["org", "create", "--name", "After Backup"], { dataDir });
      const restored = owlat(["restore", archive, "--yes"], { dataDir });
      expect(restored.code).toBe(0);
      expect(restored.out).toContain("previous data directory was kept at");
      const orgs = JSON.parse(owlat(["org", "list", "--json"], { dataDir }).out).map((o: { slug: string }) => o.slug);
      expect(orgs).toEqual(["acme"]);
      const db = new Database(join(dataDir, "system.sqlite"), { readonly: true });
      expect((db.query("SELECT integrity_check AS r FROM pragma_integrity_check").get() as { r: string }).r).toBe("ok");
      db.close();
    } finally {
      server.kill("SIGKILL");
    }
  });

  test("a damaged archive is refused and the data dir is left alone", () => {
    const dataDir = join(work, "keep");
    owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery", "--org-name", "Keep"], { dataDir });
    const junk = join(work, "junk.tar.gz");
    writeFileSync(junk, "not an archive");
    const r = owlat(["restore", junk, "--yes"], { dataDir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("not a readable backup archive");
    expect(existsSync(join(dataDir, "system.sqlite"))).toBe(true);
    expect(JSON.parse(owlat(["org", "list", "--json"], { dataDir }).out)[0].slug).toBe("keep");
  });
});

describe("owlat mta", () => {
  test("parse-bounce prints each failed recipient as a JSON line", () => {
    const r = owlat(["mta", "parse-bounce", join(repo, "mta/fixtures/bounces", readdirSync(join(repo, "mta/fixtures/bounces")).find((f) => f.startsWith("postfix"))!)]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out.trim().split("\n")[0]!);
    expect(line).toMatchObject({ type: "dsn", class: expect.any(String), address: expect.stringContaining("@") });
  });

  test("shaping and IPs change on the running server at once, through its control endpoint", async () => {
    const dataDir = join(work, "mta-live");
    owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery"], { dataDir });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = { ...process.env, OWLAT_MTA_INBOUND_PORT: "0", OWLAT_PORT: String(port), OWLAT_EHLO_HOSTNAME: "mail.owlat.test" };
    const server = Bun.spawn([process.execPath, main, "serve", "--data-dir", dataDir], { cwd: repo, stdout: "pipe", stderr: "pipe", env });
    const cli = (args: string[]) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const p = Bun.spawn([process.execPath, main, ...args, "--data-dir", dataDir], { cwd: repo, stdout: "pipe", stderr: "pipe", env });
      Promise.all([p.exited, new Response(p.stdout).text(), new Response(p.stderr).text()]).then(([code, out, err]) => resolve({ code, out, err }));
    });
    try {
      for (let i = 0; i < 50 && !(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false)); i++) await Bun.sleep(100);
      const set = await cli(["mta", "shaping", "set", "yahoo", "--rate", "17", "--connections", "2"]);
      expect(set.code).toBe(0);
      expect((await cli(["mta", "shaping", "show"])).out).toMatch(/yahoo .*conns 2 .*rate 17\/min/);
      expect((await cli(["mta", "shaping", "set", "yahoo", "--connections", "-1"])).code).toBe(2);
      const badProfile = await cli(["mta", "shaping", "set", "yahoo", "--set-json", '{"backoff": 7}']);
      expect(badProfile.code).toBe(1);
      expect(badProfile.err).toContain("backoff");
      expect((await cli(["mta", "ips", "add", "192.0.2.9", "--warmup"])).out).toContain('"phase": "warming"');
      expect((await cli(["mta", "ips", "warmup", "192.0.2.9", "--day", "5"])).out).toContain('"day": 5');
      const q = await cli(["mta", "queue"]);
      expect(q.out).toContain("total 0");
      const forged = await fetch(`http://127.0.0.1:${port}/internal/mta`, { method: "POST", headers: { "content-type": "application/json", "x-owlat-control": "nope" }, body: '{"op":"shaping.reset"}' });
      expect(forged.status).toBe(403);
    } finally {
      server.kill("SIGTERM");
      await server.exited;
    }
  });
});

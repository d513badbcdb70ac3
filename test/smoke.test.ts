// The shipped artifact: build dist/owlat, run it from a directory that holds nothing but its data,
// check health, a page and its CSS, the CLI's help, and a graceful SIGTERM.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../src/main";
import { BINARY, cleanEnv, REPO_ROOT, startServer, type ServerProcess } from "../src/testing/server-process";
import pkg from "../package.json";

setDefaultTimeout(20_000);

let cwd: string;
let server: ServerProcess;

function owlat(...args: string[]) {
  const r = Bun.spawnSync([BINARY, ...args], { cwd, env: cleanEnv() });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

beforeAll(async () => {
  const build = Bun.spawnSync([process.execPath, "scripts/build.ts"], { cwd: REPO_ROOT });
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  cwd = mkdtempSync(join(tmpdir(), "owlat-smoke-"));
  // No --data-dir: the binary must find everything it needs inside itself plus ./owlat-data.
  server = await startServer({ command: [BINARY], dataDir: null, cwd });
}, 60_000);

afterAll(async () => {
  await server?.stop("SIGKILL");
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe("dist/owlat", () => {
  test("creates its data directory under the working directory", () => {
    expect(server.dataDir).toBe(join(cwd, "owlat-data"));
    expect(existsSync(join(cwd, "owlat-data", "system.sqlite"))).toBe(true);
  });

  test("GET /health answers 200 with database, web and mta booleans", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.database).toBe(true);
    expect(body.web).toBe(true);
    expect(typeof body.mta).toBe("boolean");
  });

  test("/setup is a page whose embedded stylesheet and script are served with their types", async () => {
    const res = await fetch(`${server.url}/setup`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("set up Owlat");
    const css = html.match(/<link rel="stylesheet" href="(\/assets\/app-[0-9a-f]+\.css)"/)?.[1];
    const js = html.match(/<script src="(\/assets\/app-[0-9a-f]+\.js)"/)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();

    const cssRes = await fetch(server.url + css);
    expect(cssRes.status).toBe(200);
    expect(cssRes.headers.get("content-type")).toStartWith("text/css");
    expect(cssRes.headers.get("cache-control")).toContain("immutable");
    const sheet = await cssRes.text();
    expect(sheet).toMatch(/box-sizing: ?border-box/);
    expect(sheet).toContain(".bg-slate-50");

    const jsRes = await fetch(server.url + js);
    expect(jsRes.status).toBe(200);
    expect(jsRes.headers.get("content-type")).toStartWith("text/javascript");
    expect((await jsRes.text()).length).toBeGreaterThan(10_000);
  });

  test("owlat --help lists every subcommand", () => {
    const r = owlat("--help");
    expect(r.code).toBe(0);
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name.padEnd(width)}  ${c.summary}`);
  });

  test("every subcommand's --help prints its usage and exits 0", () => {
    for (const c of COMMANDS) {
      const r = owlat(c.name, "--help");
      expect({ command: c.name, code: r.code, stderr: r.stderr }).toEqual({ command: c.name, code: 0, stderr: "" });
      expect(r.stdout.trim()).toBe(c.usage.trim());
    }
  });

  test("version, an unknown command and a bad setting answer with clear lines and exit codes", () => {
    expect(owlat("version").stdout).toStartWith(`owlat ${pkg.version} (`);
    const unknown = owlat("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const bad = owlat("serve", "--port", "many");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("port (--port)");
    expect(bad.stderr).not.toContain("    at ");
  });

  test("SIGTERM stops it gracefully: exit 0 within a few seconds, logged, pid file removed", async () => {
    expect(existsSync(join(server.dataDir, "owlat.pid"))).toBe(true);
    const started = performance.now();
    const code = await server.stop("SIGTERM", 10_000);
    const ms = performance.now() - started;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000);
    const lines = server.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string; signal?: string });
    expect(lines.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM")).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: "stopped", signal: "SIGTERM" });
    expect(existsSync(join(server.dataDir, "owlat.pid"))).toBe(false);
  });
});

import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configDocs, loadConfig } from "./load";
import { settings } from "./schema";

describe("loadConfig", () => {
  test("defaults: port 3000 on all interfaces, ./owlat-data", () => {
    const c = loadConfig({ env: {}, flags: {} });
    expect(c.port).toBe(3000);
    expect(c.host).toBe("0.0.0.0");
    expect(c.dataDir.endsWith("owlat-data")).toBe(true);
    expect(c.dev).toBe(false);
  });

  test("precedence: file < env < flags", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    const file = join(dir, "owlat.json");
    writeFileSync(file, JSON.stringify({ port: 4000, host: "127.0.0.1", logLevel: "warn" }));
    const c = loadConfig({ file, env: { OWLAT_PORT: "5000" }, flags: { "--host": "::1" } });
    expect(c.port).toBe(5000);
    expect(c.host).toBe("::1");
    expect(c.logLevel).toBe("warn");
    expect(loadConfig({ file, env: { OWLAT_PORT: "5000" }, flags: { "--port": "6000" } }).port).toBe(6000);
  });

  test("a value of the wrong type names the key and the source", () => {
    expect(() => loadConfig({ env: { OWLAT_PORT: "abc" } })).toThrow(/port \(OWLAT_PORT\): expected a whole number, got "abc"/);
    expect(() => loadConfig({ env: { OWLAT_PORT: "70000" } })).toThrow(/between 1 and 65535/);
    expect(() => loadConfig({ env: { OWLAT_DEV: "maybe" } })).toThrow(/dev \(OWLAT_DEV\): expected true or false/);
    expect(() => loadConfig({ env: { OWLAT_LOG_LEVEL: "loud" } })).toThrow(/logLevel .*must be one of debug, info, warn, error/);
    expect(() => loadConfig({ env: { OWLAT_PUBLIC_URL: "ftp://x" } })).toThrow(/publicUrl .*http\(s\) URL/);
    expect(() => loadConfig({ env: { OWLAT_SECRET: "short" } })).toThrow(/secret .*at least 32/);
  });

  test("config file: unknown keys, wrong types and bad JSON are named", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    const bad = join(dir, "a.json");
    writeFileSync(bad, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/config: prot: unknown setting/);
    writeFileSync(bad, JSON.stringify({ port: "x" }));
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/port \(config file\)/);
    writeFileSync(bad, "{nope");
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ file: join(dir, "missing.json"), env: {} })).toThrow(/file not found/);
  });

  test("every setting has an OWLAT_ env name, a flag and a description; docs list them all", () => {
    const docs = configDocs();
    for (const s of settings) {
      expect(s.env.startsWith("OWLAT_")).toBe(true);
      expect(s.flag.startsWith("--")).toBe(true);
      expect(s.description.length).toBeGreaterThan(10);
      expect(docs).toContain(s.env);
    }
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load";
import { createApp, type App, type AppOptions } from "../app/create-app";
import { createHttpServer, type HttpServer } from "../http/server";
import { silentLogger } from "../lib/logger";
import type { Clock } from "../lib/time";

export interface TestApp {
  app: App;
  http: HttpServer;
  dir: string;
  close(): Promise<void>;
}

/** A fresh appliance on a temp data dir (dev mode: system mail lands in the dev outbox). */
export function makeTestApp(opts: { env?: Record<string, string>; flags?: Record<string, string | boolean>; clock?: Clock } & Pick<AppOptions, "mailer" | "resolve"> = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), "owlat-test-"));
  const config = loadConfig({ env: opts.env ?? {}, flags: { "--data-dir": dir, "--dev": true, ...opts.flags } });
  const app = createApp(config, { createDataDir: true, logger: process.env.OWLAT_TEST_LOG ? undefined : silentLogger, clock: opts.clock, mailer: opts.mailer, resolve: opts.resolve, passwordCost: { memoryCost: 1024, timeCost: 1 } });
  const http = createHttpServer(app);
  return {
    app,
    http,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A controllable clock for tests. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

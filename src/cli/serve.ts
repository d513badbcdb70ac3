import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHttpServer } from "../http/server";
import { loadConfig, publicUrlOf } from "../config/load";
import { createApp } from "../app/create-app";
import { createLogger } from "../lib/logger";
import { buildInfo } from "../version";
import { checkFlags, configFlags, type ParsedArgs } from "./args";
import { out, type Command } from "./command";

export const PID_FILE = "owlat.pid";

/** The pid of a live `owlat serve` on this data dir, if any. */
export function runningServerPid(dataDir: string): number | null {
  const path = join(dataDir, PID_FILE);
  if (!existsSync(path)) return null;
  const pid = Number(readFileSync(path, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export const serve: Command = {
  name: "serve",
  summary: "Run the web app, the scheduler and the job queue",
  usage: `owlat serve [--port N] [--host H] [--dev] [--data-dir DIR] [--public-url URL]

Starts the HTTP server (default port 3000 on all interfaces) with the scheduler and the job queue.
Creates the data directory on first start; open the page it prints to set up the first account.
SIGTERM or SIGINT stop it gracefully: requests in flight and running jobs finish first.
Every setting can also come from OWLAT_* variables or a config file: see \`owlat config docs\`.`,
  async run(args: ParsedArgs) {
    checkFlags(args.flags, []);
    const config = loadConfig({ flags: configFlags(args.flags) });
    const logger = createLogger({ level: config.logLevel as "info" });
    const fresh = !existsSync(config.dataDir);
    const app = createApp(config, { logger, createDataDir: true });
    const other = runningServerPid(config.dataDir);
    if (other && other !== process.pid) {
      await app.close();
      throw new Error(`another owlat serve (pid ${other}) is using ${config.dataDir}`);
    }
    writeFileSync(join(config.dataDir, PID_FILE), String(process.pid));
    const http = createHttpServer(app);
    http.listen({ port: config.port, hostname: config.host });
    const server = http.server!;
    await app.startBackground();
    // Start-up allocates a lot of short-lived objects (migrations, module setup): give the memory back now.
    Bun.gc(true);
    const url = publicUrlOf(config);
    logger.info("owlat started", { version: buildInfo.version, url, listen: `${config.host}:${server.port}`, dataDir: config.dataDir, fresh });
    if (app.accounts.needsSetup()) out(`Owlat is running. Open ${url}/setup to create the first account.`);
    else out(`Owlat is running at ${url}`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info("shutting down", { signal });
      await http.stop(false);
      await app.close();
      rmSync(join(config.dataDir, PID_FILE), { force: true });
      logger.info("stopped", { signal });
      process.exit(0);
    };
    process.on("SIGTERM", () => void stop("SIGTERM"));
    process.on("SIGINT", () => void stop("SIGINT"));
    await new Promise(() => {});
    return 0;
  },
};

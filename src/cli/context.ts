import { loadConfig } from "../config/load";
import { createApp, type App } from "../app/create-app";
import { createLogger } from "../lib/logger";
import type { ParsedArgs } from "./args";
import { configFlags } from "./args";

/** Opens the appliance for a one-shot command (logs only warnings, to stderr). */
export function openApp(args: ParsedArgs, opts: { createDataDir?: boolean } = {}): App {
  const config = loadConfig({ flags: configFlags(args.flags) });
  const logger = createLogger({ level: "warn", write: (line) => process.stderr.write(line + "\n") });
  return createApp(config, { logger, createDataDir: opts.createDataDir });
}

export const cliActor = (what: string) => ({ userId: null, label: `cli:${what}`, ip: null, userAgent: null });

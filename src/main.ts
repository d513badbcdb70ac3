#!/usr/bin/env bun
// owlat: argv -> subcommand. Everything else lives in src/cli (one file per command) and src/app.
import { parseArgs, UsageError } from "./cli/args";
import { err, out, type Command } from "./cli/command";
import { serve } from "./cli/serve";
import { migrateCommand } from "./cli/migrate";
import { admin } from "./cli/admin";
import { org } from "./cli/org";
import { feature } from "./cli/feature";
import { backup, restore } from "./cli/backup";
import { configCommand } from "./cli/config";
import { version } from "./cli/version";
import { mtaCommand } from "./cli/mta";
import { contactsCommand } from "./cli/contacts";
import { AppError } from "./lib/errors";
import { DataDirMissing } from "./app/create-app";

export const COMMANDS: Command[] = [serve, migrateCommand, admin, org, feature, contactsCommand, mtaCommand, backup, restore, configCommand, version];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "owlat — self-hosted email platform in one binary",
    "",
    "usage: owlat <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Every command takes --data-dir DIR (default ./owlat-data, or OWLAT_DATA_DIR) and --help.",
    "Configuration reference: owlat config docs",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 2;
  }
  const [name, ...rest] = args.positionals;
  if (!name || name === "help") {
    out(help());
    return name || args.flags["--help"] || args.flags["-h"] ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`error: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (args.flags["--help"] || args.flags["-h"]) {
    out(command.usage);
    return 0;
  }
  try {
    return await command.run({ positionals: rest, flags: args.flags });
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}\n\nusage:\n${command.usage}`);
      return 2;
    }
    if (e instanceof AppError || e instanceof DataDirMissing || e instanceof Error) {
      err(`error: ${e.message}`);
      if (process.env.OWLAT_DEBUG && e.stack) err(e.stack);
      return 1;
    }
    err(`error: ${String(e)}`);
    return 1;
  }
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));

import { settings } from "../config/schema";

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export class UsageError extends Error {}

/** Flags that take no value. Everything else is `--name value` or `--name=value`. */
const BOOLEAN_FLAGS = new Set(["--help", "-h", "--dev", "--yes", "--json", "--password-stdin", "--update", "--warmup"]);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) {
      flags[arg.slice(0, eq)] = arg.slice(eq + 1);
    } else if (BOOLEAN_FLAGS.has(arg)) {
      flags[arg] = true;
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      flags[arg] = value;
      i++;
    }
  }
  return { positionals, flags };
}

const CONFIG_FLAGS = new Set<string>([...settings.map((s) => s.flag), "--config"]);

/** Only the flags that belong to the configuration schema (passed to loadConfig). */
export function configFlags(flags: ParsedArgs["flags"]): Record<string, string | boolean> {
  return Object.fromEntries(Object.entries(flags).filter(([k]) => CONFIG_FLAGS.has(k)));
}

/** Refuse flags a command does not know, naming them. */
export function checkFlags(flags: ParsedArgs["flags"], allowed: string[]): void {
  const ok = new Set([...allowed, "--help", "-h", "--data-dir", "--config"]);
  for (const k of Object.keys(flags)) if (!ok.has(k) && !CONFIG_FLAGS.has(k)) throw new UsageError(`unknown option ${k}`);
}

export function need(flags: ParsedArgs["flags"], name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`${name} is required`);
  return v;
}

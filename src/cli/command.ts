import type { ParsedArgs } from "./args";

export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `owlat <name> --help`. */
  usage: string;
  run(args: ParsedArgs): Promise<number>;
}

export const out = (line = "") => process.stdout.write(line + "\n");
export const err = (line: string) => process.stderr.write(line + "\n");

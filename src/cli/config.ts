import { configDocs } from "../config/load";
import { checkFlags, UsageError } from "./args";
import { out, type Command } from "./command";

export const configCommand: Command = {
  name: "config",
  summary: "Print the configuration reference",
  usage: `owlat config docs

Prints every setting with its environment variable, flag, type, default and meaning (Markdown).`,
  async run(args) {
    checkFlags(args.flags, []);
    if (args.positionals[0] !== "docs") throw new UsageError("expected `config docs`");
    out(configDocs());
    return 0;
  },
};

import { AppError } from "../lib/errors";
import { FLAGS, PACKS } from "../domain/flags/registry";
import type { FlagChange } from "../domain/flags/service";
import { checkFlags, UsageError } from "./args";
import { out, type Command } from "./command";
import { cliActor, openApp } from "./context";

export const feature: Command = {
  name: "feature",
  summary: "List and toggle feature flags, packs and operating modes",
  usage: `owlat feature list [--org SLUG] [--json]
owlat feature on|off FLAG [--org SLUG]
owlat feature pack marketing|emailClient|ai on|off [--org SLUG]
owlat feature mode PRESET [--org SLUG]

Without --org the instance-wide values change (every organization inherits them unless it
overrides a flag). Turning a flag on also turns on what it requires; turning it off turns off
what depends on it. Each change prints the flags it cascaded to.
Presets: crm_only, imap_only, transactional, marketing, hosted_mail, team_inbox, team_inbox_ai, full.`,
  async run(args) {
    const [sub, a, b] = args.positionals;
    checkFlags(args.flags, ["--org", "--json"]);
    const app = openApp(args);
    try {
      let orgId: string | null = null;
      if (typeof args.flags["--org"] === "string") {
        const o = app.orgs.bySlug(args.flags["--org"]);
        if (!o) throw new AppError("NOT_FOUND", `no organization with slug ${args.flags["--org"]}`);
        orgId = o.id;
      }
      const scope = orgId ? `organization ${args.flags["--org"]}` : "instance";
      if (sub === "list") {
        const values = app.flags.resolved(orgId);
        if (args.flags["--json"]) out(JSON.stringify(values));
        else for (const f of FLAGS) out(`${values[f.key] ? "on " : "off"}  ${f.key.padEnd(30)} ${f.category}${f.hostedOnly ? " (hosted only)" : ""}`);
        return 0;
      }
      let change: FlagChange;
      if (sub === "on" || sub === "off") {
        if (!a) throw new UsageError(`feature ${sub} needs a flag name (see \`owlat feature list\`)`);
        change = { kind: "flag", key: a, enabled: sub === "on" };
      } else if (sub === "pack") {
        if (!a || (b !== "on" && b !== "off")) throw new UsageError(`usage: feature pack ${Object.keys(PACKS).join("|")} on|off`);
        change = { kind: "pack", pack: a, enabled: b === "on" };
      } else if (sub === "mode") {
        if (!a) throw new UsageError("feature mode needs a preset name");
        change = { kind: "mode", mode: a };
      } else throw new UsageError("expected `feature list`, `feature on|off FLAG`, `feature pack NAME on|off` or `feature mode PRESET`");
      const changed = app.flags.applyChange(orgId, change, cliActor("feature"));
      if (changed.length === 0) out(`${scope}: nothing changed`);
      for (const c of changed) out(`${scope}: ${c.key} ${c.enabled ? "on" : "off"}`);
      return 0;
    } finally {
      await app.close();
    }
  },
};

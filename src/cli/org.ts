import { AppError } from "../lib/errors";
import { checkFlags, need, UsageError } from "./args";
import { out, type Command } from "./command";
import { cliActor, openApp } from "./context";

export const org: Command = {
  name: "org",
  summary: "Create, list or delete organizations",
  usage: `owlat org create --name NAME [--slug SLUG] [--owner EMAIL]
owlat org list
owlat org delete SLUG --yes

Each organization keeps its data in its own database file (tenants/<id>.sqlite).
delete removes the organization and its database file for good; --yes confirms it.`,
  async run(args) {
    const [sub, slugArg] = args.positionals;
    checkFlags(args.flags, ["--name", "--slug", "--owner", "--yes", "--json"]);
    if (!["create", "list", "delete"].includes(sub ?? "")) throw new UsageError("expected `org create`, `org list` or `org delete SLUG`");
    const app = openApp(args);
    try {
      if (sub === "list") {
        const orgs = app.orgs.list();
        if (args.flags["--json"]) out(JSON.stringify(orgs.map((o) => ({ ...o, members: app.orgs.members(o.id).length }))));
        else if (orgs.length === 0) out("no organizations");
        else for (const o of orgs) out(`${o.slug}\t${o.name}\t${app.orgs.members(o.id).length} member(s)\tcreated ${new Date(o.createdAt).toISOString().slice(0, 10)}`);
        return 0;
      }
      if (sub === "create") {
        let ownerId: string | null = null;
        if (typeof args.flags["--owner"] === "string") {
          const owner = app.accounts.byEmail(args.flags["--owner"]);
          if (!owner) throw new AppError("NOT_FOUND", `no account with ${args.flags["--owner"]}; create it with \`owlat admin create\``);
          ownerId = owner.id;
        }
        const created = app.orgs.create({ name: need(args.flags, "--name"), slug: args.flags["--slug"] }, ownerId, cliActor("org create"));
        out(`created organization ${created.name} (slug ${created.slug})${ownerId ? `, owned by ${args.flags["--owner"]}` : ""}`);
        return 0;
      }
      if (!slugArg) throw new UsageError("org delete needs the organization's slug");
      const target = app.orgs.bySlug(slugArg);
      if (!target) throw new AppError("NOT_FOUND", `no organization with slug ${slugArg}`);
      if (!args.flags["--yes"]) throw new UsageError(`deleting ${target.name} removes all its data for good; add --yes to confirm`);
      app.orgs.remove(target.id, cliActor("org delete"));
      out(`deleted organization ${target.name} (${target.slug}) and its database`);
      return 0;
    } finally {
      await app.close();
    }
  },
};

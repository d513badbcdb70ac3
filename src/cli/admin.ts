import { checkFlags, need, UsageError, type ParsedArgs } from "./args";
import { out, type Command } from "./command";
import { cliActor, openApp } from "./context";

async function passwordFrom(args: ParsedArgs): Promise<string> {
  if (args.flags["--password-stdin"]) return (await new Response(Bun.stdin.stream()).text()).replace(/\r?\n$/, "");
  return need(args.flags, "--password");
}

export const admin: Command = {
  name: "admin",
  summary: "Create an administrator, or reset a password, from the shell",
  usage: `owlat admin create --email EMAIL --password PASSWORD [--name NAME] [--org-name NAME]
owlat admin reset-password --email EMAIL --password PASSWORD

create          a new instance administrator; with --org-name also a new organization they own
                (the same as the first-run /setup page, which closes once any user exists)
reset-password  set a new password and sign the account out everywhere
--password-stdin  read the password from standard input instead of --password`,
  async run(args) {
    const [sub] = args.positionals;
    checkFlags(args.flags, ["--email", "--password", "--password-stdin", "--name", "--org-name"]);
    if (sub !== "create" && sub !== "reset-password") throw new UsageError("expected `admin create` or `admin reset-password`");
    const email = need(args.flags, "--email");
    const password = await passwordFrom(args);
    const app = openApp(args, { createDataDir: sub === "create" });
    try {
      if (sub === "create") {
        const { user, org } = await app.accounts.createAdmin(
          { email, password, name: args.flags["--name"], orgName: args.flags["--org-name"] },
          cliActor("admin create"),
        );
        out(`created administrator ${user.email}`);
        if (org) out(`created organization ${org.name} (slug ${org.slug}), owned by ${user.email}`);
        else out("no organization created (add --org-name, or let another owner invite this account)");
      } else {
        await app.accounts.setPassword(email, password, cliActor("admin reset-password"));
        out(`password of ${email.trim().toLowerCase()} changed; its sessions were signed out`);
      }
      return 0;
    } finally {
      await app.close();
    }
  },
};

import { AppError } from "../lib/errors";
import { checkFlags, need, UsageError } from "./args";
import { err, out, type Command } from "./command";
import { cliActor, openApp } from "./context";
import type { ImportRecord } from "../domain/imports/model";

export const contactsCommand: Command = {
  name: "contacts",
  summary: "Import contacts from a CSV file",
  usage: `owlat contacts import FILE --org SLUG [--topic NAME|ID] [--update]

Streams FILE (UTF-8 or Windows-1252; comma, semicolon or tab separated; a header row naming the
columns: email, first name, last name, language, time zone, topic or list; other columns become
custom properties) into the organization, in batches, with a progress bar.
--topic adds every row to that topic; otherwise a topic column is used (missing topics are created).
--update changes existing contacts with the file's values; without it they are skipped.
Rows that cannot be imported are listed with their row number at the end.`,
  async run(args) {
    const [sub, file] = args.positionals;
    checkFlags(args.flags, ["--org", "--topic", "--update"]);
    if (sub !== "import" || !file) throw new UsageError("expected `contacts import FILE --org SLUG`");
    const slug = need(args.flags, "--org");
    const app = openApp(args);
    try {
      const org = app.orgs.bySlug(slug);
      if (!org) throw new AppError("NOT_FOUND", `no organization with slug ${slug}`);
      const scope = { org, db: app.tenants.get(org.id), actor: cliActor("contacts import") };
      const topic = typeof args.flags["--topic"] === "string" ? args.flags["--topic"] : undefined;
      const rec = app.imports.createFromPath(scope, file, { topic, update: args.flags["--update"] === true });
      const started = performance.now();
      const bar = progressBar(rec.fileSize, started);
      const done = await app.imports.run(scope, rec.id, (p) => bar(p));
      bar(done, true);
      const secs = (performance.now() - started) / 1000;
      out(`imported ${done.imported}, updated ${done.updated}, skipped ${done.skipped}, failed ${done.failed}, added to topics ${done.addedToTopics} (${Math.round(done.rowsDone / Math.max(secs, 0.001)).toLocaleString("en")} rows/s)`);
      for (const e of done.errors.slice(0, 20)) out(e.row ? `  row ${e.row}: ${e.reason}${e.value ? ` (${e.value})` : ""}` : `  note: ${e.reason}`);
      if (done.failed > 20) out(`  … ${done.failed - 20} more rows failed`);
      if (done.status === "failed") {
        err(`error: the import stopped: ${done.message}`);
        return 1;
      }
      return 0;
    } finally {
      await app.close();
    }
  },
};

/** A one-line bar on a terminal; a line per 10 % otherwise (logs, CI). */
function progressBar(total: number, started: number) {
  const tty = process.stdout.isTTY;
  let lastTenth = -1;
  return (r: ImportRecord, final = false) => {
    const pct = total ? Math.min(100, Math.floor((r.bytesDone / total) * 100)) : 100;
    const shown = final && r.status === "succeeded" ? 100 : pct;
    const rate = Math.round(r.rowsDone / Math.max((performance.now() - started) / 1000, 0.001));
    const text = `${String(shown).padStart(3)}%  ${r.rowsDone.toLocaleString("en")} rows  ${rate.toLocaleString("en")} rows/s`;
    if (tty) {
      const filled = Math.round(shown / 5);
      process.stdout.write(`\r[${"#".repeat(filled)}${" ".repeat(20 - filled)}] ${text}${final ? "\n" : ""}`);
    } else if (Math.floor(shown / 10) > lastTenth || final) {
      lastTenth = Math.floor(shown / 10);
      out(`progress ${text}`);
    }
  };
}

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config/load";
import { createBackup, restoreBackup } from "../db/backup";
import { buildInfo } from "../version";
import { checkFlags, configFlags, need, UsageError } from "./args";
import { out, type Command } from "./command";
import { runningServerPid } from "./serve";

export const backup: Command = {
  name: "backup",
  summary: "Write a consistent backup of all data to one file, while the server keeps running",
  usage: `owlat backup --out FILE [--data-dir DIR]

Copies the system database and every organization database with SQLite's VACUUM INTO (a
single-transaction snapshot, so \`owlat serve\` can keep running), plus the instance secret and
stored files, into one .tar.gz with SHA-256 sums. Restore it with \`owlat restore FILE\`.`,
  async run(args) {
    checkFlags(args.flags, ["--out"]);
    const config = loadConfig({ flags: configFlags(args.flags) });
    const outFile = resolve(need(args.flags, "--out"));
    if (!existsSync(config.dataDir)) throw new Error(`no data directory at ${config.dataDir}`);
    if (existsSync(outFile)) throw new Error(`${outFile} exists; choose another file name`);
    const started = Date.now();
    const manifest = await createBackup(config.dataDir, outFile, buildInfo.version, out);
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    out(`backup written to ${outFile}: ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB before compression, ${Date.now() - started} ms`);
    return 0;
  },
};

export const restore: Command = {
  name: "restore",
  summary: "Replace the data directory with a backup (the server must be stopped)",
  usage: `owlat restore FILE --yes [--data-dir DIR]

Checks the archive first (manifest, checksums, SQLite integrity) and changes nothing if any check
fails. Then the current data directory is moved aside to <dir>.before-restore-<time> and the
backup takes its place. Stop \`owlat serve\` first; --yes confirms the replacement.`,
  async run(args) {
    checkFlags(args.flags, ["--yes"]);
    const file = args.positionals[0];
    if (!file) throw new UsageError("restore needs the backup file");
    const config = loadConfig({ flags: configFlags(args.flags) });
    const pid = runningServerPid(config.dataDir);
    if (pid) throw new Error(`owlat serve (pid ${pid}) is running on ${config.dataDir}; stop it before restoring`);
    if (!args.flags["--yes"]) throw new UsageError(`this replaces ${config.dataDir} with the backup; add --yes to confirm`);
    const { manifest, previous } = await restoreBackup(resolve(file), config.dataDir);
    out(`restored ${manifest.files.length} files from a backup made ${manifest.createdAt} (version ${manifest.version}) into ${config.dataDir}`);
    if (previous) out(`the previous data directory was kept at ${previous}`);
    return 0;
  },
};

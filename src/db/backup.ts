import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createHash } from "node:crypto";

export interface BackupManifest {
  format: 1;
  createdAt: string;
  version: string;
  files: { path: string; sha256: string; bytes: number }[];
}

const SKIP = new Set(["owlat.pid"]);
const isSqlite = (name: string) => name.endsWith(".sqlite");
const sha256File = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function walk(dir: string, root: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (SKIP.has(rel) || name.endsWith("-wal") || name.endsWith("-shm") || name.endsWith("-journal")) return [];
    return statSync(path).isDirectory() ? walk(path, root) : [rel];
  });
}

/**
 * Online, consistent backup: each SQLite database is copied with VACUUM INTO (one read
 * transaction, so writers keep going and the copy is a single point in time); other files
 * (the instance secret, media) are copied as they are. Everything goes into one .tar.gz with a
 * manifest of SHA-256 sums.
 */
export async function createBackup(dataDir: string, outFile: string, version: string, onProgress: (msg: string) => void = () => {}): Promise<BackupManifest> {
  if (!existsSync(join(dataDir, "system.sqlite"))) throw new Error(`${dataDir} holds no Owlat data (no system.sqlite)`);
  const staging = join(dirname(resolve(outFile)), `.owlat-backup-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    const files = walk(dataDir, dataDir);
    const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), version, files: [] };
    files.forEach((rel, i) => {
      const target = join(staging, rel);
      mkdirSync(dirname(target), { recursive: true });
      if (isSqlite(rel)) {
        const db = new Database(join(dataDir, rel), { readonly: true });
        db.exec("PRAGMA busy_timeout = 10000");
        db.query("VACUUM INTO ?").run(target);
        db.close();
      } else copyFileSync(join(dataDir, rel), target);
      manifest.files.push({ path: rel, sha256: sha256File(target), bytes: statSync(target).size });
      onProgress(`[${i + 1}/${files.length}] ${rel}`);
    });
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest, null, 2));
    const tar = await import("tar");
    await tar.create({ gzip: true, file: outFile, cwd: staging, portable: true }, ["manifest.json", ...files]);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Extracts and checks an archive (manifest, checksums, SQLite integrity) without touching the data dir. */
export async function verifyBackup(file: string, into: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  mkdirSync(into, { recursive: true });
  try {
    const tar = await import("tar");
    await tar.extract({ file, cwd: into, strict: true });
  } catch (e) {
    throw new Error(`${file} is not a readable backup archive (${(e as Error).message})`);
  }
  const manifestPath = join(into, "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${file} has no manifest.json: not an Owlat backup`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BackupManifest;
  if (manifest.format !== 1 || !Array.isArray(manifest.files)) throw new Error(`${file}: unknown backup format`);
  if (!manifest.files.some((f) => f.path === "system.sqlite")) throw new Error(`${file}: the backup has no system database`);
  for (const f of manifest.files) {
    const path = join(into, f.path);
    if (!resolve(path).startsWith(resolve(into))) throw new Error(`${file}: bad path ${f.path}`);
    if (!existsSync(path) || sha256File(path) !== f.sha256) throw new Error(`${file}: ${f.path} is missing or damaged (checksum mismatch)`);
    if (isSqlite(f.path)) {
      const db = new Database(path, { readonly: true });
      const result = (db.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
      db.close();
      if (result !== "ok") throw new Error(`${file}: ${f.path} fails the integrity check (${result})`);
    }
  }
  rmSync(manifestPath);
  return manifest;
}

/**
 * Replaces the data dir with the archive's content: verify everything in a staging folder next to
 * it first, then swap by rename. The old data dir is kept aside, never deleted.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<{ manifest: BackupManifest; previous: string | null }> {
  const target = resolve(dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const staging = join(dirname(target), `.${basename(target)}.restore-${stamp}`);
  let manifest: BackupManifest;
  try {
    manifest = await verifyBackup(file, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${stamp}`;
    renameSync(target, previous);
  }
  renameSync(staging, target);
  return { manifest, previous };
}

import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

setDefaultTimeout(60_000);
const repo = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "owlat-cli-contacts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function owlat(args: string[]) {
  const p = Bun.spawnSync([process.execPath, join(repo, "src/main.ts"), ...args, "--data-dir", join(work, "data")], { cwd: repo, env: { PATH: process.env.PATH!, HOME: work } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

test("owlat contacts import: progress lines, topic, update mode, row report; usage errors", () => {
  expect(owlat(["admin", "create", "--email", "root@example.com", "--password", "correct horse battery", "--org-name", "Acme"]).code).toBe(0);
  const csv = join(work, "people.csv");
  writeFileSync(csv, "Email;Vorname;Lists\nann@example.com;Ann;News\nnot-an-email;Bob;News\nbea@example.com;Bea;\"News,Deals\"\n");
  const first = owlat(["contacts", "import", csv, "--org", "acme"]);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/progress 100%/);
  expect(first.out).toContain("imported 2, updated 0, skipped 0, failed 1, added to topics 3");
  expect(first.out).toContain("row 3: invalid email (not-an-email)");
  writeFileSync(csv, "email,first_name\nann@example.com,Anne\ncid@example.com,Cid\n");
  const again = owlat(["contacts", "import", csv, "--org", "acme", "--topic", "Deals", "--update"]);
  expect(again.out).toContain("imported 1, updated 1, skipped 0, failed 0, added to topics 2");
  expect(owlat(["contacts", "import", csv, "--org", "acme", "--topic", "Nope"]).err).toContain('No topic "Nope"');
  expect(owlat(["contacts", "import", join(work, "missing.csv"), "--org", "acme"]).err).toContain("No file at");
  expect(owlat(["contacts", "import", csv]).code).toBe(2);
  expect(owlat(["contacts", "export"]).code).toBe(2);
});

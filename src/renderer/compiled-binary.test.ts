import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The appliance ships as one `bun build --compile` executable: the renderer and its libraries must work there. */
const dir = mkdtempSync(join(tmpdir(), "owlat-renderer-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("renders, sanitizes CSS/HTML and signs links inside a compiled binary", async () => {
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    `import { Tracker, compile, personalize, getStarterTemplate, sanitizeCss, sanitizeRawHtml } from ${JSON.stringify(join(import.meta.dir, "index.ts"))};
const s = getStarterTemplate("newsletter")!;
const out = personalize(compile(s.document, {}, { customCss: ".a{color:red}" }), { contact: { firstName: "Ada" } },
  { tracking: { tracker: new Tracker({ baseUrl: "https://t.example.com", secret: "0123456789abcdef0123" }), sendId: "s1" } });
console.log(JSON.stringify({ ok: out.html.includes("Hi Ada"), tracked: out.html.includes("/t/c/s1/"), css: sanitizeCss("color:red;width:expression(1)"), html: sanitizeRawHtml("<b onclick=x>y</b><script>z</script>") }));`,
  );
  const bin = join(dir, "render-check");
  const build = Bun.spawnSync(["bun", "build", "--compile", entry, "--outfile", bin], { stderr: "pipe", stdout: "pipe" });
  expect(build.exitCode).toBe(0);
  const run = Bun.spawnSync([bin], { cwd: tmpdir(), stderr: "pipe", stdout: "pipe" });
  expect(run.stderr.toString()).toBe("");
  expect(JSON.parse(run.stdout.toString())).toEqual({ ok: true, tracked: true, css: "color:red", html: "<b>y</b>" });
}, 60_000);

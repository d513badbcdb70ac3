// bun scripts/bench/import.ts [ROWS]
// Generates a CSV (email, first name, last name, 2 custom properties, topic column) and imports it
// through the real import engine (the one the background job and `owlat contacts import` run) into a
// fresh organization. Prints rows/s (wall clock and per CPU second) and the peak RSS; last line:
// `import: N rows/s`.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load";
import { createApp } from "../../src/app/create-app";
import { silentLogger } from "../../src/lib/logger";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "owlat-bench-import-"));
const csvPath = join(dir, "contacts.csv");
const FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Kira", "Luca", "Mia", "Noah", "Olga", "Paul"];
const TOPICS = ["Newsletter", "Product updates", "Events", "Offers", "Research"];

async function generate(): Promise<void> {
  const out = createWriteStream(csvPath);
  out.write("email,first_name,last_name,plan,score,topics\n");
  for (let i = 0; i < ROWS; i += 5000) {
    let chunk = "";
    for (let j = i; j < Math.min(ROWS, i + 5000); j++) {
      const topics = j % 3 === 0 ? `"${TOPICS[j % 5]},${TOPICS[(j + 2) % 5]}"` : TOPICS[j % 5];
      chunk += `user${j}.${(j * 7919) % 100003}@example${j % 200}.com,${FIRST[j % 16]},Miller${j % 9973},${["free", "pro", "team"][j % 3]},${j % 1000},${topics}\n`;
    }
    if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

const t0 = performance.now();
await generate();
console.log(`generated ${ROWS.toLocaleString("en")} rows (${(statSync(csvPath).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const config = loadConfig({ env: {}, flags: { "--data-dir": join(dir, "data") } });
const app = createApp(config, { createDataDir: true, logger: silentLogger });
const org = app.orgs.create({ name: "Bench", slug: "bench" }, null, { userId: null, label: "bench", ip: null, userAgent: null });
const scope = { org, db: app.tenants.get(org.id), actor: { userId: null, label: "bench", ip: null, userAgent: null } };

Bun.gc(true);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu0 = process.cpuUsage();
const started = performance.now();
const rec = app.imports.createFromPath(scope, csvPath, {});
const done = await app.imports.run(scope, rec.id, () => (peak = Math.max(peak, process.memoryUsage().rss)));
const secs = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

if (done.status !== "succeeded" || done.imported !== ROWS) {
  console.error(`import did not complete: ${done.status} ${done.message ?? ""} imported=${done.imported} failed=${done.failed}`, done.errors.slice(0, 5));
  process.exit(1);
}
const cpuSecs = (cpu.user + cpu.system) / 1e6;
console.log(`imported ${done.imported.toLocaleString("en")}, added to topics ${done.addedToTopics.toLocaleString("en")}, failed ${done.failed}`);
console.log(`wall ${secs.toFixed(1)} s, cpu ${cpuSecs.toFixed(1)} s (${Math.round(ROWS / cpuSecs).toLocaleString("en")} rows per CPU second)`);
console.log(`peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
await app.close();
rmSync(dir, { recursive: true, force: true });
console.log(`import: ${Math.round(ROWS / secs)} rows/s`);

// bun scripts/bench/segment.ts [CONTACTS]
// A fresh organization with 1,000,000 contacts (imported through the real import engine: 2 custom
// properties, 10 topics) of which ~30 % opened an email (recorded through recordEmailEvents, as the
// MTA and the campaign sender do). Measures, through the real HTTP app with a signed-in owner:
//   - the first page of the contacts list with a search (server time, median of 15),
//   - the live count of a 3-condition segment (custom property, email activity, topic membership).
// Last line: `segment count: N ms`.
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load";
import { createApp } from "../../src/app/create-app";
import { createHttpServer } from "../../src/http/server";
import { silentLogger } from "../../src/lib/logger";
import { TestClient, setupOwner } from "../../src/testing/client";

const N = Number(process.argv[2] ?? 1_000_000);
// OWLAT_BENCH_DIR keeps the generated organization between runs (set up once, measured many times).
const keep = process.env.OWLAT_BENCH_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), "owlat-bench-segment-"));
const reuse = !!keep && existsSync(join(dir, "data", "system.sqlite"));
const FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Kira", "Luca", "Mia", "Noah", "Olga", "Paul"];
const TOPICS = Array.from({ length: 10 }, (_, i) => `Topic ${i + 1}`);

const config = loadConfig({ env: {}, flags: { "--data-dir": join(dir, "data") } });
const app = createApp(config, { createDataDir: true, logger: silentLogger, passwordCost: { memoryCost: 1024, timeCost: 1 } });
const http = createHttpServer(app);
const owner = reuse ? await signIn() : await setupOwner(http);
const org = app.orgs.bySlug(owner.slug)!;
const scope = { org, db: app.tenants.get(org.id), actor: { userId: null, label: "bench", ip: null, userAgent: null } };
const ctx = { ...scope, role: "owner" as const };

async function signIn() {
  const client = new TestClient(http);
  await client.get("/login");
  const r = await client.post("/login", { email: "owner@example.com", password: "correct horse battery" });
  if (r.status !== 303) throw new Error("sign-in failed");
  return { client, slug: "acme" };
}
if (!reuse) await setup();
async function setup() {
let t = performance.now();
const csv = join(dir, "contacts.csv");
const out = createWriteStream(csv);
out.write("email,first_name,last_name,plan,score,topics\n");
for (let i = 0; i < N; i += 5000) {
  let chunk = "";
  for (let j = i; j < Math.min(N, i + 5000); j++) {
    const topics = j % 4 === 0 ? `"${TOPICS[j % 10]},${TOPICS[(j * 7 + 3) % 10]}"` : TOPICS[j % 10];
    chunk += `c${j}.${(j * 7919) % 100003}@example${j % 300}.com,${FIRST[(j * 31) % 16]},Miller${(j * 13) % 9973},${["free", "pro", "team", "enterprise"][(j >> 3) % 4]},${(j * 37) % 1000},${topics}\n`;
  }
  if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
}
await new Promise((r) => out.end(r));
for (const name of TOPICS) app.audience.topics.create(ctx, { name, requireDoubleOptIn: "false" });
const rec = app.imports.createFromPath(scope, csv, {});
const imported = await app.imports.run(scope, rec.id);
console.log(`setup: imported ${imported.imported.toLocaleString("en")} contacts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const now = Date.now();
let opened = 0;
for (let from = 1; from <= N; from += 20_000) {
  const events = [];
  for (let id = from; id < from + 20_000 && id <= N; id++) if ((Math.imul(id, 2654435761) >>> 0) % 10 < 3) events.push({ contactId: id, type: "opened" as const, at: now - (id % 90) * 86_400_000, campaignId: "bench" });
  app.audience.blocklist.recordEmailEvents(scope, events);
  opened += events.length;
}
console.log(`setup: ${opened.toLocaleString("en")} open events recorded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
scope.db.$client.run("ANALYZE");
rmSync(csv, { force: true });
}

const base = `/o/${owner.slug}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(label: string, run: () => Promise<{ status: number; text: string }>, check: (text: string) => string) {
  const times: number[] = [];
  let last = "";
  for (let i = 0; i < 16; i++) {
    const s = performance.now();
    const r = await run();
    const ms = performance.now() - s;
    if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    if (i > 0) times.push(ms);
    last = check(r.text);
  }
  console.log(`${label}: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${last})`);
  return median(times);
}

const c = owner.client;
const listTimes: number[] = [];
for (const q of ["emma", "miller42", "c12345", "chl"]) {
  listTimes.push(await timed(`contacts list, first page, search "${q}"`, () => c.get(`${base}/contacts?q=${q}`), (text) => `${text.match(/<tbody>/) ? (text.match(/name="ids"/g) ?? []).length : 0} rows on the page`));
  await timed(`  its count (loaded after the page by htmx)`, () => c.get(`${base}/contacts/count?q=${q}`, { htmx: true }), (text) => text.match(/>([^<]+)</)?.[1] ?? "?");
}
await timed("contacts list, first page, topic filter + sort by email", () => c.get(`${base}/contacts?topic=3&sort=email_asc`), (text) => text.match(/id="contact-count"[^>]*>([^<]+)</)?.[1] ?? "?");

const topicId = app.audience.topics.list(ctx).find((x) => x.name === "Topic 3")!.id;
const form = {
  rows: "3", match: "all",
  kind_0: "contact_property", field_0: "plan", op_0: "equals", value_0: "pro",
  kind_1: "email_activity", field_1: "opened", op_1: "is_true",
  kind_2: "topic_membership", op_2: "equals", topic_2: String(topicId),
};
const def = { match: "all" as const, conditions: [
  { kind: "contact_property" as const, field: "plan", operator: "equals" as const, value: "pro" },
  { kind: "email_activity" as const, field: "opened" as const, operator: "is_true" as const },
  { kind: "topic_membership" as const, topicId, operator: "equals" as const },
] };
const reference = app.audience.segments.countReference(ctx, def);
const countMs = await timed("segment count (3 conditions), live preview over HTTP", () => c.post(`${base}/segments/preview`, form, { htmx: true }), (text) => {
  const n = Number(text.match(/data-count="(\d+)"/)?.[1]);
  if (n !== reference) throw new Error(`count ${n} differs from the reference ${reference}`);
  return `${n.toLocaleString("en")} contacts`;
});
const serviceTimes: number[] = [];
for (let i = 0; i < 15; i++) {
  const s = performance.now();
  app.audience.segments.count(ctx, def);
  serviceTimes.push(performance.now() - s);
}
console.log(`segment count (3 conditions), service call: median ${median(serviceTimes).toFixed(1)} ms`);
const ranged = { ...def, conditions: [...def.conditions.slice(1), { kind: "contact_property" as const, field: "score", operator: "gt" as const, value: "900" }] };
const s2 = performance.now();
const n2 = app.audience.segments.count(ctx, ranged);
console.log(`segment count with a numeric comparison (SQL path): ${(performance.now() - s2).toFixed(1)} ms (${n2.toLocaleString("en")} contacts)`);
console.log(`contacts list with a search (worst median): ${Math.max(...listTimes).toFixed(1)} ms`);

await app.close();
if (!keep) rmSync(dir, { recursive: true, force: true });
console.log(`segment count: ${countMs.toFixed(1)} ms`);

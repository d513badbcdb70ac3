import { afterEach, describe, expect, test } from "bun:test";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "../../testing/test-app";
import type { TenantContext } from "../context";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function setup() {
  const t = makeTestApp();
  apps.push(t);
  const org = t.app.orgs.create({ name: "Imp", slug: "imp" }, null, { userId: null, label: "t", ip: null, userAgent: null });
  const ctx: TenantContext = { org, role: "owner", actor: { userId: null, label: "tester", ip: null, userAgent: null }, db: t.app.tenants.get(org.id) };
  const file = (name: string, content: string | Uint8Array) => {
    const p = join(t.dir, name);
    writeFileSync(p, content);
    return p;
  };
  return { t, app: t.app, ctx, file };
}

const run = async (s: ReturnType<typeof setup>, path: string, opts: { topic?: string; update?: boolean } = {}) => {
  const rec = s.app.imports.createFromPath(s.ctx, path, opts);
  return s.app.imports.run(s.ctx, rec.id);
};

describe("CSV import", () => {
  test("bad rows are reported with their row number and reason; good rows are imported; duplicates collapse", async () => {
    const s = setup();
    const csv = [
      "Email;First Name;Last name;Plan;Score;Topics",   // row 1: header, ';' separated
      "ann@example.com;Ann;Lee;pro;12;News, Deals",     // 2 ok
      "not-an-email;Bob;;free;1;News",                  // 3 invalid email
      "",                                               // 4 empty line
      ";Carl;;;;",                                      // 5 missing email
      "ANN@example.com;Ann again;;pro;3;",              // 6 duplicate of row 2
      "dee@example.com;\"Dee \"\"D\"\" Doe\";Doe;free;x7;News", // 7 bad number, quotes escaped
      "eve@example.com;Eve;O'Neil;free;4;",             // 8 ok
      "hal@example.com;Hal;;enterprise;99;Deals",       // 9 ok
      "fay@example.com;\"Fay",                          // 10 unclosed quote swallows the rest
      "gus@example.com;Gus;;;;",                        // 11 (swallowed)
    ].join("\r\n");
    s.app.audience.properties.create(s.ctx, { label: "Score", type: "number" });
    const r = await run(s, s.file("bad.csv", "\uFEFF" + csv));
    expect(r.status).toBe("succeeded");
    expect({ imported: r.imported, skipped: r.skipped }).toEqual({ imported: 3, skipped: 1 });
    const byRow = Object.fromEntries(r.errors.filter((e) => e.row).map((e) => [e.row, e.reason]));
    expect(byRow[3]).toBe("invalid email");
    expect(byRow[5]).toBe("missing email");
    expect(byRow[7]).toMatch(/Score must be a number/);
    expect(byRow[10]).toMatch(/^a quoted field is never closed \(check the quotes\)/);
    expect(r.failed).toBe(4);
    const a = s.app.audience;
    const ann = a.contacts.byEmail(s.ctx, "ann@example.com")!;
    expect(ann).toMatchObject({ firstName: "Ann", lastName: "Lee", source: "import", properties: { plan: "pro", score: 12 } });
    expect(a.properties.list(s.ctx).map((p) => [p.key, p.type])).toEqual(expect.arrayContaining([["plan", "text"], ["score", "number"]]));
    expect(a.topics.list(s.ctx).map((t) => [t.name, t.memberCount])).toEqual([["Deals", 2], ["News", 1]]);
    expect(a.contacts.count(s.ctx, { search: "neil" })).toBe(1);
    expect(a.contacts.timeline(s.ctx, ann.id).entries.map((e) => e.type)).toEqual(expect.arrayContaining(["created", "topic_subscribed"]));
    expect(ann.doiStatus).toBe("pending");
  });

  test("a Windows-1252 file is read as such; a bad UTF-8 row is reported; 5,000 columns are fine", async () => {
    const s = setup();
    const latin = new Uint8Array([...Buffer.from("email,first_name\njurgen@example.com,J"), 0xfc, ...Buffer.from("rgen\n")]);
    const r1 = await run(s, s.file("latin.csv", latin));
    expect(r1.imported).toBe(1);
    expect(s.app.audience.contacts.byEmail(s.ctx, "jurgen@example.com")!.firstName).toBe("Jürgen");
    // Valid UTF-8 for the first 300 KB (so the file is read as UTF-8), then a row with bytes that are not.
    const good = Array.from({ length: 6000 }, (_, i) => `ok${i}@example.com,Zoë ${"x".repeat(30)}`).join("\n");
    const mixed = new Uint8Array([...Buffer.from(`email,first_name\n${good}\nbad@example.com,X`), 0xff, 0xfe, ...Buffer.from("\nlast@example.com,Last\n")]);
    const r2 = await run(s, s.file("mixed.csv", mixed));
    expect({ imported: r2.imported, failed: r2.failed }).toEqual({ imported: 6001, failed: 1 });
    expect(r2.errors[0]).toMatchObject({ row: 6002, reason: "contains characters that are not valid in the file's encoding" });
    const wide = ["email", ...Array.from({ length: 4999 }, (_, i) => `c${i}`)].join(",") + "\n" + ["w@example.com", ...Array.from({ length: 4999 }, (_, i) => String(i))].join(",") + "\n";
    const r3 = await run(s, s.file("wide.csv", wide));
    expect(r3.imported).toBe(1);
    expect(s.app.audience.properties.list(s.ctx).length).toBeLessThanOrEqual(100);
  });

  test("update mode merges values into existing contacts; skip mode leaves them alone", async () => {
    const s = setup();
    s.app.audience.contacts.create(s.ctx, { email: "u@example.com", firstName: "Old", lastName: "Keep" });
    const csv = "email,first_name,city\nu@example.com,New,Berlin\nv@example.com,Vic,Paris\n";
    const skip = await run(s, s.file("a.csv", csv));
    expect({ imported: skip.imported, skipped: skip.skipped, updated: skip.updated }).toEqual({ imported: 1, skipped: 1, updated: 0 });
    expect(s.app.audience.contacts.byEmail(s.ctx, "u@example.com")!.firstName).toBe("Old");
    const upd = await run(s, s.file("b.csv", csv), { update: true, topic: undefined });
    expect({ updated: upd.updated, skipped: upd.skipped }).toEqual({ updated: 2, skipped: 0 });
    expect(s.app.audience.contacts.byEmail(s.ctx, "u@example.com")).toMatchObject({ firstName: "New", lastName: "Keep", properties: { city: "Berlin" } });
    expect(s.app.audience.contacts.count(s.ctx, { search: "berlin" })).toBe(0);
    expect(s.app.audience.segments.count(s.ctx, { match: "all", conditions: [{ kind: "contact_property", field: "city", operator: "equals", value: "BERLIN" }] })).toBe(1);
  });

  test("a crash mid-import neither loses nor duplicates rows: the rerun resumes after the last committed batch", async () => {
    const s = setup();
    const lines = ["email,first_name"];
    for (let i = 0; i < 2500; i++) lines.push(`r${i}@example.com,R${i}`);
    lines.push("r5@example.com,dup");
    const path = s.file("crash.csv", lines.join("\n"));
    const rec = s.app.imports.createFromPath(s.ctx, path, {});
    const { runImport } = await import("./runner");
    let batches = 0;
    await expect(runImport({
      db: s.ctx.db, record: s.app.imports.get(s.ctx, rec.id), props: [], topicIdByName: new Map(), doiTopicIds: new Set(), now: () => Date.now(), batchSize: 1000,
      onProgress: () => { if (++batches === 2) throw new Error("power cut"); },
    })).rejects.toThrow("power cut");
    expect(s.app.imports.get(s.ctx, rec.id).rowsDone).toBe(2000);
    const done = await s.app.imports.run(s.ctx, rec.id);
    expect({ imported: done.imported, skipped: done.skipped, rows: done.rowsDone }).toEqual({ imported: 2500, skipped: 1, rows: 2501 });
    expect(s.app.audience.contacts.total(s.ctx)).toBe(2500);
  });

  test("a large generated file streams with bounded memory", async () => {
    const s = setup();
    const path = join(s.t.dir, "big.csv");
    const out = createWriteStream(path);
    out.write("email,first_name,last_name,score\n");
    const rows = 60_000;
    for (let i = 0; i < rows; i += 1000) {
      let chunk = "";
      for (let j = i; j < i + 1000; j++) chunk += `big${j}@example${j % 97}.com,First${j},Last${j % 500},${j % 1000}\n`;
      if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
    }
    await new Promise((r) => out.end(r));
    Bun.gc(true);
    const before = process.memoryUsage().rss;
    let peak = before;
    const rec = s.app.imports.createFromPath(s.ctx, path, {});
    const done = await s.app.imports.run(s.ctx, rec.id, () => (peak = Math.max(peak, process.memoryUsage().rss)));
    expect(done.imported).toBe(rows);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    expect(s.app.audience.contacts.count(s.ctx, { search: "last499" })).toBe(rows / 500);
  });
});

// Enforces the import rules of docs/architecture.md and reports import cycles (type-only imports excluded).
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const files = ["src", "mta", "web/views", "web/assets"].flatMap((d) => (existsSync(join(root, d)) ? walk(join(root, d)) : []));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === "node_modules" || n === "dist" || n === "fixtures") return [];
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(n) && !n.endsWith(".d.ts") ? [p] : [];
  });
}

interface Imp { spec: string; target: string | null; typeOnly: boolean }
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm;

function importsOf(file: string): Imp[] {
  const text = readFileSync(file, "utf8");
  const out: Imp[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3]!;
    let target: string | null = null;
    if (spec.startsWith(".")) {
      const base = resolve(dirname(file), spec);
      target = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((p) => existsSync(p) && statSync(p).isFile()) ?? base;
    }
    out.push({ spec, target, typeOnly: !!m[2] });
  }
  return out;
}

const rel = (p: string) => relative(root, p);
const violations: string[] = [];
const graph = new Map<string, string[]>();

for (const file of files) {
  const from = rel(file);
  const imps = importsOf(file);
  graph.set(from, imps.filter((i) => i.target && !i.typeOnly).map((i) => rel(i.target!)));
  for (const imp of imps) {
    const to = imp.target ? rel(imp.target) : imp.spec;
    const bad = (why: string) => violations.push(`${from} → ${to}: ${why}`);
    if (from.startsWith("src/lib/") && imp.target && !to.startsWith("src/lib/")) bad("src/lib imports nothing of the project");
    if (from.startsWith("mta/") && (to.startsWith("src/") || to.startsWith("web/") || /^(elysia|drizzle-orm)/.test(imp.spec))) bad("mta/ is self-contained");
    if (!from.startsWith("mta/") && imp.target && to.startsWith("mta/") && to !== "mta/index.ts") bad("use the engine through mta/index.ts only");
    if (from.startsWith("src/domain/") && !from.endsWith(".test.ts")) {
      if (/^(elysia|@elysiajs)/.test(imp.spec) || /^src\/(http|cli|jobs)\//.test(to) || to.startsWith("web/")) bad("domain code must not import HTTP, CLI, jobs or views");
      const [, , feature] = from.split("/");
      const m = to.match(/^src\/domain\/([^/]+)\/(.+)$/);
      if (m && m[1] !== feature && !["model.ts", "service.ts"].includes(m[2]!) && !/^(context|.*\.ts)$/.test(m[1]!)) {
        bad(`other features only through their service.ts or model.ts`);
      }
    }
    if (from.startsWith("src/http/") && /^src\/domain\/[^/]+\/queries\.ts$/.test(to)) bad("HTTP must not reach into a feature's queries.ts");
    if (from.startsWith("web/views/") && imp.target && !to.startsWith("web/views/") && !/^src\/domain\/[^/]+\/model\.ts$/.test(to)) {
      if (!imp.typeOnly) bad("views import only domain model types and other views");
    }
  }
}

// Cycles (runtime imports only).
const state = new Map<string, 1 | 2>();
const stack: string[] = [];
const cycles: string[] = [];
function visit(n: string): void {
  state.set(n, 1);
  stack.push(n);
  for (const m of graph.get(n) ?? []) {
    if (!graph.has(m)) continue;
    if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m].join(" → "));
    else if (!state.has(m)) visit(m);
  }
  stack.pop();
  state.set(n, 2);
}
for (const n of graph.keys()) if (!state.has(n)) visit(n);

for (const v of violations) console.log(`import rule: ${v}`);
for (const c of cycles) console.log(`import cycle: ${c}`);
console.log(`checked ${files.length} files: ${violations.length} rule violation(s), ${cycles.length} cycle(s)`);
process.exit(violations.length || cycles.length ? 1 : 0);

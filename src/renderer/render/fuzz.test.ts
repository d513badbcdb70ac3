import { describe, expect, test } from "bun:test";
import { BLOCK_TYPES, InvalidDocumentError, analyzeEmail, compile, personalize, validateDocument } from "../index.ts";
import { allBlocksDocument } from "../testing/all-blocks.ts";
import { elementsAndAttributes, unbalancedTags } from "../testing/html-checks.ts";

/** Deterministic pseudo-random generator (mulberry32) so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  "<script>alert(1)</script>", "{{", "}}", "{{firstName", "{{a|'b'}}", "javascript:alert(1)", "\u0000", "\u202e", "😀",
  '"><svg onload=alert(1)>', "</style><script>", "expression(alert(1))", "#", "https://e.com/{{contact.id}}", "", " ", "é".repeat(50),
];

type Leaf = { parent: Record<string, unknown> | unknown[]; key: string | number };

function leaves(value: unknown, out: Leaf[] = []): Leaf[] {
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const key = Array.isArray(value) ? Number(k) : k;
      if (v && typeof v === "object") leaves(v, out);
      else out.push({ parent: value as Record<string, unknown>, key });
    }
  }
  return out;
}

/** Replaces 1–4 random leaves with hostile strings, odd numbers, null or a block type name. */
function mutate(doc: unknown, r: () => number): unknown {
  const all = leaves(doc);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const leaf = all[Math.floor(r() * all.length)]!;
    const roll = r();
    const next = roll < 0.75 ? NASTY[Math.floor(r() * NASTY.length)] : roll < 0.85 ? Math.floor(r() * 3000) - 1000 : roll < 0.93 ? null : BLOCK_TYPES[Math.floor(r() * BLOCK_TYPES.length)];
    (leaf.parent as Record<string, unknown>)[leaf.key] = next;
  }
  return doc;
}

describe("randomly mutated documents", () => {
  test("never crash: a clear error or inert, balanced HTML", () => {
    const r = rng(20261122);
    let rendered = 0;
    for (let i = 0; i < 300; i++) {
      const doc = mutate(allBlocksDocument(), r);
      const checked = validateDocument(doc);
      expect(Array.isArray(checked.errors)).toBe(true);
      analyzeEmail({ document: doc });
      let html: string;
      try {
        html = personalize(compile(doc), { contact: { firstName: NASTY[i % NASTY.length], id: "x" } }).html;
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidDocumentError);
        expect((e as InvalidDocumentError).errors.length).toBeGreaterThan(0);
        continue;
      }
      rendered++;
      const { tags, attrs } = elementsAndAttributes(html);
      expect(tags.filter((t) => t === "script" || t === "svg" || t === "iframe")).toEqual([]);
      expect(attrs.filter((a) => a.startsWith("on"))).toEqual([]);
      expect(html.toLowerCase()).not.toContain("javascript:");
      expect(unbalancedTags(html)).toEqual([]);
    }
    expect(rendered).toBeGreaterThan(15);
    console.log(`fuzz: ${rendered} of 300 mutated documents rendered, the rest refused with errors`);
  });
});

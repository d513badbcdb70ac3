import { describe, expect, test } from "bun:test";
import { BLOCK_CATALOG, BLOCK_TYPES, createBlock, renderDocument, validateDocument } from "../index.ts";
import { docOf, parseErrors, unbalancedTags } from "../testing/html-checks.ts";

describe("block catalog", () => {
  test("covers all 17 block types plus heading presets; every new block validates and renders", () => {
    expect(new Set(BLOCK_CATALOG.map((e) => e.type))).toEqual(new Set(BLOCK_TYPES));
    expect(BLOCK_TYPES).toHaveLength(17);
    for (const entry of BLOCK_CATALOG) {
      const block = createBlock(entry.command, `new-${entry.command}`);
      expect(block.type).toBe(entry.type);
      const doc = docOf(block);
      expect(validateDocument(doc)).toMatchObject({ ok: true });
      const { html } = renderDocument(doc);
      expect(parseErrors(html)).toEqual([]);
      expect(unbalancedTags(html)).toEqual([]);
    }
    expect(() => createBlock("marquee", "x")).toThrow('unknown block command "marquee"');
  });
});

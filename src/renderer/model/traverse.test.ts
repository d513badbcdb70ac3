import { describe, expect, test } from "bun:test";
import { forEachBlock, getStarterTemplate, mapBlocks, validateDocument, type Block } from "../index.ts";
import { docOf } from "../testing/html-checks.ts";

describe("document traversal", () => {
  const doc = docOf(
    { id: "a", type: "text", html: "<p>a</p>", savedBlock: { id: "sb1" } },
    { id: "c", type: "container", items: [{ id: "c1", type: "image", src: "https://e.com/x.png", mediaId: "m1" }, { id: "c2", type: "columns", columns: [{ blocks: [{ id: "c2a", type: "spacer", height: 4 }] }] }] },
    { id: "acc", type: "accordion", sections: [{ title: "t", items: [{ id: "acc1", type: "button", text: "b", url: "https://e.com", savedBlock: { id: "sb1" } }] }] },
  );

  test("forEachBlock visits nested blocks in order with paths and depth", () => {
    const seen: string[] = [];
    forEachBlock(doc, (b, p) => seen.push(`${b.id}@${p.path}#${p.depth}`));
    expect(seen).toEqual(["a@blocks/0#0", "c@blocks/1#0", "c1@blocks/1/items/0#1", "c2@blocks/1/items/1#1", "c2a@blocks/1/items/1/columns/0/blocks/0#2", "acc@blocks/2#0", "acc1@blocks/2/sections/0/items/0#1"]);
    let uses = 0;
    forEachBlock(doc, (b) => { if (b.savedBlock?.id === "sb1") uses++; });
    expect(uses).toBe(2);
  });

  test("mapBlocks replaces instances (cascade), removes, or detaches without touching the input", () => {
    const replacement: Block[] = [{ id: "n1", type: "divider" }, { id: "n2", type: "spacer", height: 8 }];
    const out = mapBlocks(doc, (b) => (b.savedBlock?.id === "sb1" ? replacement : b.type === "image" ? [] : b));
    const ids: string[] = [];
    forEachBlock(out, (b) => ids.push(b.id));
    expect(ids).toEqual(["n1", "n2", "c", "c2", "c2a", "acc", "n1", "n2"]);
    expect(doc.blocks[0]!.id).toBe("a");
    const detached = mapBlocks(getStarterTemplate("welcome")!.document, ({ savedBlock: _s, ...rest }) => rest as Block);
    expect(validateDocument(detached).ok).toBe(true);
  });
});

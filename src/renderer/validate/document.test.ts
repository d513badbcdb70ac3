import { describe, expect, test } from "bun:test";
import { InvalidDocumentError, compile, validateDocument, type DocumentError } from "../index.ts";

function errorsOf(doc: unknown): DocumentError[] {
  const r = validateDocument(doc);
  expect(r.ok).toBe(false);
  return r.errors;
}

function nested(depth: number): unknown {
  let block: Record<string, unknown> = { id: "leaf", type: "text", html: "<p>deep</p>" };
  for (let i = depth; i > 0; i--) block = { id: `c${i}`, type: "container", items: [block] };
  return { version: 1, blocks: [block] };
}

describe("validateDocument", () => {
  test("a valid document passes", () => {
    const r = validateDocument({ version: 1, blocks: [{ id: "a", type: "text", html: "<p>Hi {{firstName|'there'}}</p>" }] });
    expect(r.ok).toBe(true);
  });

  test("not an object, wrong version, unknown document field", () => {
    expect(errorsOf("nope")[0]!.code).toBe("INVALID_DOCUMENT");
    expect(errorsOf({ version: 2, blocks: [] })[0]).toMatchObject({ code: "UNSUPPORTED_VERSION", field: "version" });
    expect(errorsOf({ version: 1, blocks: [], extra: 1 })[0]).toMatchObject({ code: "INVALID_DOCUMENT", field: "extra" });
  });

  test("unknown block type names the block and lists the known types", () => {
    const [e] = errorsOf({ version: 1, blocks: [{ id: "ok", type: "text", html: "" }, { id: "weird", type: "marquee" }] });
    expect(e).toMatchObject({ code: "UNKNOWN_BLOCK_TYPE", blockId: "weird", blockType: "marquee", path: "blocks/1", field: "type" });
    expect(e!.message).toContain('unknown block type "marquee"');
    expect(e!.message).toContain("progressBar");
  });

  test("wrong field type names block, path and field", () => {
    const errors = errorsOf({ version: 1, blocks: [{ id: "t1", type: "text", html: "<p>x</p>", fontSize: "big", textColor: "red" }] });
    expect(errors.map((e) => e.field).sort()).toEqual(["fontSize", "textColor"]);
    expect(errors[0]).toMatchObject({ code: "INVALID_FIELD", blockId: "t1", blockType: "text", path: "blocks/0" });
    expect(errors.find((e) => e.field === "fontSize")!.message).toMatch(/^text block "t1" at blocks\/0: field "fontSize": /);
  });

  test("errors inside nested blocks point at the nested block", () => {
    const [e] = errorsOf({ version: 1, blocks: [{ id: "c", type: "columns", columns: [{ blocks: [] }, { blocks: [{ id: "btn", type: "button", text: "x", url: "https://e.com", paddingX: -3 }] }] }] });
    expect(e).toMatchObject({ blockId: "btn", path: "blocks/0/columns/1/blocks/0", field: "paddingX" });
  });

  test("a block type not allowed in its parent", () => {
    const [e] = errorsOf({ version: 1, blocks: [{ id: "c", type: "columns", columns: [{ blocks: [{ id: "t", type: "table", rows: [] }] }] }] });
    expect(e).toMatchObject({ code: "BLOCK_NOT_ALLOWED_HERE", blockId: "t", blockType: "table" });
  });

  test("a 10 MB text block is refused with a clear error", () => {
    const huge = "<p>" + "x".repeat(10 * 1024 * 1024) + "</p>";
    const started = performance.now();
    const [e] = errorsOf({ version: 1, blocks: [{ id: "big", type: "text", html: huge }] });
    expect(e).toMatchObject({ code: "INVALID_FIELD", blockId: "big", field: "html" });
    expect(e!.message).toContain("100000");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => compile({ version: 1, blocks: [{ id: "big", type: "text", html: huge }] })).toThrow(InvalidDocumentError);
  });

  test("1,000 nested containers: one TOO_DEEP error, no stack overflow, compile refuses", () => {
    const doc = nested(1000);
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "TOO_DEEP", blockType: "container" });
    expect(errors[0]!.message).toContain("more than 8 levels");
    try {
      compile(doc);
      throw new Error("compile accepted a too-deep document");
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidDocumentError);
      expect((e as InvalidDocumentError).errors[0]!.code).toBe("TOO_DEEP");
    }
    expect(validateDocument(nested(7)).ok).toBe(true);
  });

  test("too many blocks", () => {
    const blocks = Array.from({ length: 400 }, (_, i) => ({ id: `c${i}`, type: "container", items: [{ id: `s${i}a`, type: "spacer", height: 1 }, { id: `s${i}b`, type: "spacer", height: 1 }] }));
    expect(errorsOf({ version: 1, blocks }).some((e) => e.code === "TOO_MANY_BLOCKS")).toBe(true);
  });

  test("malformed {{ tags name the field; compile still renders them literally", () => {
    const doc = { version: 1, blocks: [{ id: "b", type: "button", text: "Hi {{firstName", url: "https://e.com/{{ bad id }}" }] };
    const errors = errorsOf(doc);
    expect(errors.map((e) => [e.code, e.field])).toEqual([["MALFORMED_TAG", "text"], ["MALFORMED_TAG", "url"]]);
    expect(errors[0]!.message).toContain('unclosed tag "{{firstName"');
    expect(validateDocument(doc, { checkTags: false }).ok).toBe(true);
    expect(compile(doc).html.length).toBeGreaterThan(0);
  });

  test("unsafe URL fields, duplicate ids, non-object blocks", () => {
    const errors = errorsOf({
      version: 1,
      blocks: [
        { id: "a", type: "image", src: "javascript:alert(1)" },
        { id: "a", type: "spacer", height: 4 },
        null,
        { id: "s", type: "social", links: [{ platform: "github", url: "vbscript:x" }] },
      ],
    });
    expect(errors.map((e) => [e.code, e.blockId ?? null, e.field ?? null])).toEqual([
      ["UNSAFE_URL", "a", "src"],
      ["DUPLICATE_BLOCK_ID", "a", "id"],
      ["INVALID_BLOCK", null, null],
      ["UNSAFE_URL", "s", "links/0/url"],
    ]);
  });

  test("a flood of errors is capped", () => {
    const blocks = Array.from({ length: 200 }, (_, i) => ({ id: `x${i}`, type: "nope" }));
    const errors = errorsOf({ version: 1, blocks });
    expect(errors.length).toBe(51);
    expect(errors.at(-1)!.code).toBe("TOO_MANY_ERRORS");
  });
});

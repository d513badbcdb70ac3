import { describe, expect, test } from "bun:test";
import { applyTranslations, getStarterTemplate, translatableFields, validateDocument } from "./index.ts";

describe("translations", () => {
  test("lists text, button and alt fields including nested blocks; applies translations to a copy", () => {
    const doc = getStarterTemplate("product-update")!.document;
    const fields = translatableFields(doc);
    expect(fields.map((f) => f.key)).toContain("update-text-2:html");
    expect(fields.map((f) => f.key)).toContain("update-img-1:alt");
    expect(fields.map((f) => f.key)).toContain("update-cta:text");
    const de = applyTranslations(doc, { "update-cta:text": "Zum Changelog", "update-img-1:alt": "", "update-text-2:html": "<p><strong>Dunkelmodus.</strong></p>" });
    const after = translatableFields(de);
    expect(after.find((f) => f.key === "update-cta:text")!.value).toBe("Zum Changelog");
    expect(after.find((f) => f.key === "update-img-1:alt")!.value).toBe("Faster search");
    expect(after.find((f) => f.key === "update-text-2:html")!.value).toBe("<p><strong>Dunkelmodus.</strong></p>");
    expect(translatableFields(doc).find((f) => f.key === "update-cta:text")!.value).toBe("Read the changelog");
    expect(validateDocument(de).ok).toBe(true);
  });

  test("saved-block link metadata is accepted on any block and ignored by rendering", () => {
    const r = validateDocument({ version: 1, blocks: [{ id: "f", type: "spacer", height: 8, savedBlock: { id: "sb_1", name: "Footer" } }] });
    expect(r.ok).toBe(true);
  });
});

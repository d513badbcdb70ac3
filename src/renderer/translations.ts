import type { Block } from "./model/blocks.ts";
import type { EmailDocument } from "./model/document.ts";
import { forEachBlock, mapBlocks } from "./model/traverse.ts";

/** One translatable text of a document (TR-02): text-block content, button labels, image alt text. */
export interface TranslatableField {
  /** stable key: "<blockId>:<field>", e.g. "hero-title:html", "cta:text", "logo:alt" */
  key: string;
  blockId: string;
  blockType: string;
  field: "html" | "text" | "alt";
  /** the default-language content */
  value: string;
}

const FIELD: Partial<Record<Block["type"], TranslatableField["field"]>> = { text: "html", button: "text", image: "alt" };

/** Translatable fields in document order, nested blocks included (layout, styles and images are shared). */
export function translatableFields(doc: EmailDocument): TranslatableField[] {
  const out: TranslatableField[] = [];
  forEachBlock(doc, (b) => {
    const field = FIELD[b.type];
    const value = field ? ((b as unknown as Record<string, unknown>)[field] as string | undefined) : undefined;
    if (field && value) out.push({ key: `${b.id}:${field}`, blockId: b.id, blockType: b.type, field, value });
  });
  return out;
}

/**
 * A copy of the document with translated texts applied (TR-05: a missing or empty translation keeps
 * the default content). The input is not modified.
 */
export function applyTranslations(doc: EmailDocument, translations: Readonly<Record<string, string>>): EmailDocument {
  return mapBlocks(doc, (b) => {
    const field = FIELD[b.type];
    const t = field ? translations[`${b.id}:${field}`] : undefined;
    return field && t ? ({ ...b, [field]: t } as Block) : b;
  });
}

import type { DocumentError } from "../model/errors.ts";
import { sanitizeUrlTemplate, type UrlKind } from "../sanitize/url.ts";
import { findTagProblems } from "../template/tags.ts";

const URL_FIELDS: Record<string, UrlKind> = {
  url: "link", linkUrl: "link", videoUrl: "link",
  src: "image", darkSrc: "image", backgroundImage: "image", thumbnailUrl: "image", iconUrl: "image", thumbnailSrc: "image",
};

/** Keys holding child blocks (visited as blocks, not scanned as strings), per parent type. */
function isChildList(type: string, path: string): boolean {
  if (type === "container" || type === "hero") return path === "items";
  if (type === "accordion") return /^sections\/\d+\/items$/.test(path);
  if (type === "columns") return /^columns\/\d+\/blocks$/.test(path);
  return false;
}

/**
 * Scans a schema-valid block's own string fields: unsafe URLs and (optionally) malformed tags.
 * Returns the number of characters seen, for the document size budget.
 */
export function scanBlockStrings(block: Record<string, unknown>, blockPath: string, checkTags: boolean, report: (e: DocumentError) => void): number {
  const id = block.id as string;
  const type = block.type as string;
  let chars = 0;
  const visit = (v: unknown, field: string, key: string) => {
    if (typeof v === "string") {
      chars += v.length;
      const kind = URL_FIELDS[key];
      if (kind && v.trim() !== "" && sanitizeUrlTemplate(v, kind) === null) {
        report({ code: "UNSAFE_URL", path: blockPath, blockId: id, blockType: type, field, message: `${type} block "${id}" at ${blockPath}: field "${field}": URL scheme not allowed (${JSON.stringify(v.slice(0, 40))})` });
      }
      if (checkTags) {
        for (const p of findTagProblems(v)) {
          report({ code: "MALFORMED_TAG", path: blockPath, blockId: id, blockType: type, field, message: `${type} block "${id}" at ${blockPath}: field "${field}": ${p.message}` });
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${field}/${i}`, key));
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const sub = field ? `${field}/${k}` : k;
        if (!isChildList(type, sub)) visit(x, sub, k);
      }
    }
  };
  visit(block, "", "");
  return chars;
}

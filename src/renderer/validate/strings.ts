import type { DocumentError } from "../model/errors.ts";
import { sanitizeUrlTemplate, type UrlKind } from "../sanitize/url.ts";
import { findTagProblems } from "../template/tags.ts";

const URL_FIELDS: Record<string, UrlKind> = {
  url: "link", linkUrl: "link", videoUrl: "link",
  src: "image", darkSrc: "image", backgroundImage: "image", thumbnailUrl: "image", iconUrl: "image", thumbnailSrc: "image",
};

/** Is `path` (field path inside the block) a list of child blocks, visited as blocks rather than scanned? */
function isChildList(type: string, path: readonly (string | number)[]): boolean {
  const key = path[path.length - 1];
  if (path.length === 1) return key === "items" && (type === "container" || type === "hero");
  if (path.length === 3) return (type === "accordion" && key === "items" && path[0] === "sections") || (type === "columns" && key === "blocks" && path[0] === "columns");
  return false;
}

/**
 * Scans a schema-valid block's own string fields for unsafe URLs and (optionally) malformed tags.
 * Returns the number of characters seen, for the document size budget.
 */
export function scanBlockStrings(block: Record<string, unknown>, blockPath: string, checkTags: boolean, report: (e: DocumentError) => void): number {
  const id = block.id as string;
  const type = block.type as string;
  const path: (string | number)[] = [];
  let chars = 0;
  const fail = (code: DocumentError["code"], problem: string) => {
    const field = path.join("/");
    report({ code, path: blockPath, blockId: id, blockType: type, field, message: `${type} block "${id}" at ${blockPath}: field "${field}": ${problem}` });
  };
  const visitString = (v: string, key: string) => {
    chars += v.length;
    const kind = URL_FIELDS[key];
    if (kind !== undefined && v.trim() !== "" && sanitizeUrlTemplate(v, kind) === null) fail("UNSAFE_URL", `URL scheme not allowed (${JSON.stringify(v.slice(0, 40))})`);
    if (checkTags && v.includes("{{")) for (const p of findTagProblems(v)) fail("MALFORMED_TAG", p.message);
  };
  const visit = (v: unknown, key: string) => {
    if (typeof v === "string") return visitString(v, key);
    if (v === null || typeof v !== "object") return;
    if (path.length && isChildList(type, path)) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i], key);
        path.pop();
      }
      return;
    }
    for (const k in v) {
      path.push(k);
      visit((v as Record<string, unknown>)[k], k);
      path.pop();
    }
  };
  visit(block, "");
  return chars;
}

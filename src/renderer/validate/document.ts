import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { BLOCK_SCHEMAS, BLOCK_TYPES, COLUMN_CHILD_TYPES, CONTAINER_CHILD_TYPES, ColumnSchema, HERO_CHILD_TYPES, ACCORDION_CHILD_TYPES, type BlockType } from "../model/blocks.ts";
import { DOCUMENT_LIMITS, DOCUMENT_VERSION, type EmailDocument } from "../model/document.ts";
import type { DocumentError } from "../model/errors.ts";
import { scanBlockStrings } from "./strings.ts";

const CHECKERS = Object.fromEntries(
  Object.entries(BLOCK_SCHEMAS).map(([type, schema]) => [type, TypeCompiler.Compile(schema)]),
) as Record<BlockType, TypeCheck<any>>;
const COLUMN_CHECK = TypeCompiler.Compile(ColumnSchema);

/** True when one block (children not followed) matches its type's schema. */
export function isValidBlockShape(block: unknown): boolean {
  const type = (block as { type?: unknown } | null)?.type;
  return typeof type === "string" && Object.hasOwn(CHECKERS, type) && CHECKERS[type as BlockType].Check(block);
}

export interface ValidateOptions {
  /** report malformed {{tags}} (default true; compile() renders them literally instead) */
  checkTags?: boolean;
  /**
   * scan string fields for unsafe URLs, malformed tags and the total size budget (default true);
   * compile() turns it off because rendering sanitizes every URL again
   */
  scanStrings?: boolean;
}

export type ValidationResult =
  | { ok: true; document: EmailDocument; errors: [] }
  | { ok: false; errors: DocumentError[] };

interface Pending {
  node: unknown;
  path: string;
  depth: number;
  allowed: readonly BlockType[] | null;
}

class Collector {
  errors: DocumentError[] = [];
  full = false;
  add(e: DocumentError): void {
    if (this.full) return;
    if (this.errors.length >= DOCUMENT_LIMITS.maxErrors) {
      this.full = true;
      this.errors.push({ code: "TOO_MANY_ERRORS", path: "", message: `more than ${DOCUMENT_LIMITS.maxErrors} problems; fix these first` });
      return;
    }
    this.errors.push(e);
  }
}

/**
 * Checks a block document without trusting its shape: blocks are visited iteratively (no recursion, so
 * 1,000 nested containers produce one TOO_DEEP error, not a stack overflow), each against its own
 * schema, and every error names the block (id, type, path) and the field.
 */
export function validateDocument(doc: unknown, options: ValidateOptions = {}): ValidationResult {
  const out = new Collector();
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    out.add({ code: "INVALID_DOCUMENT", path: "", message: "document must be an object { version, blocks }" });
    return { ok: false, errors: out.errors };
  }
  const d = doc as Record<string, unknown>;
  if (d.version !== DOCUMENT_VERSION) {
    out.add({ code: "UNSUPPORTED_VERSION", path: "", field: "version", message: `document version must be ${DOCUMENT_VERSION}, got ${JSON.stringify(d.version)?.slice(0, 20)}` });
  }
  for (const key of Object.keys(d)) {
    if (key !== "version" && key !== "blocks") out.add({ code: "INVALID_DOCUMENT", path: "", field: key, message: `unknown document field "${key}"` });
  }
  if (!Array.isArray(d.blocks)) {
    out.add({ code: "INVALID_DOCUMENT", path: "", field: "blocks", message: "document field blocks must be an array" });
    return { ok: false, errors: out.errors };
  }
  walkBlocks(d.blocks, out, options.checkTags !== false, options.scanStrings !== false);
  return out.errors.length ? { ok: false, errors: out.errors } : { ok: true, document: doc as EmailDocument, errors: [] };
}

function walkBlocks(top: unknown[], out: Collector, checkTags: boolean, scanStrings: boolean): void {
  const stack: Pending[] = [];
  for (let i = top.length - 1; i >= 0; i--) stack.push({ node: top[i], path: `blocks/${i}`, depth: 0, allowed: null });
  const ids = new Map<string, string>();
  const budget = { blocks: 0, chars: 0, tooDeep: false };
  while (stack.length && !out.full) {
    const p = stack.pop()!;
    if (++budget.blocks > DOCUMENT_LIMITS.maxBlocks) {
      out.add({ code: "TOO_MANY_BLOCKS", path: p.path, message: `document has more than ${DOCUMENT_LIMITS.maxBlocks} blocks` });
      return;
    }
    const block = checkBlock(p, out);
    if (!block) continue;
    const { id, type } = block as { id: string; type: BlockType };
    const seen = ids.get(id);
    if (seen) out.add({ code: "DUPLICATE_BLOCK_ID", path: p.path, blockId: id, blockType: type, field: "id", message: `${type} block "${id}" at ${p.path}: id already used by the block at ${seen}` });
    else ids.set(id, p.path);
    if (scanStrings) budget.chars += scanBlockStrings(block, p.path, checkTags, (e) => out.add(e));
    if (budget.chars > DOCUMENT_LIMITS.maxTotalChars) {
      out.add({ code: "TOO_LARGE", path: p.path, blockId: id, blockType: type, message: `document text exceeds ${DOCUMENT_LIMITS.maxTotalChars} characters` });
      return;
    }
    const children = childrenOf(block, p, out);
    if (children.length && p.depth + 1 > DOCUMENT_LIMITS.maxDepth) {
      if (!budget.tooDeep) out.add({ code: "TOO_DEEP", path: p.path, blockId: id, blockType: type, message: `${type} block "${id}" at ${p.path}: blocks are nested more than ${DOCUMENT_LIMITS.maxDepth} levels deep` });
      budget.tooDeep = true;
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** Type dispatch and schema check of one block; returns it when it is structurally valid. */
function checkBlock(p: Pending, out: Collector): Record<string, unknown> | null {
  const node = p.node as Record<string, unknown> | null;
  if (node === null || typeof node !== "object" || Array.isArray(node) || typeof node.type !== "string") {
    out.add({ code: "INVALID_BLOCK", path: p.path, message: `block at ${p.path} must be an object with a string "type"` });
    return null;
  }
  const id = typeof node.id === "string" ? node.id.slice(0, 64) : undefined;
  const type = node.type.slice(0, 40);
  const who = `${type} block${id ? ` "${id}"` : ""} at ${p.path}`;
  if (!Object.hasOwn(CHECKERS, type)) {
    out.add({ code: "UNKNOWN_BLOCK_TYPE", path: p.path, blockId: id, blockType: type, field: "type", message: `${who}: unknown block type "${type}" (known: ${BLOCK_TYPES.join(", ")})` });
    return null;
  }
  if (p.allowed && !p.allowed.includes(type as BlockType)) {
    out.add({ code: "BLOCK_NOT_ALLOWED_HERE", path: p.path, blockId: id, blockType: type, field: "type", message: `${who}: a ${type} block cannot be placed here (allowed: ${p.allowed.join(", ")})` });
    return null;
  }
  const checker = CHECKERS[type as BlockType];
  if (checker.Check(node)) return node;
  reportSchemaErrors(checker, node, (field, message) =>
    out.add({ code: "INVALID_FIELD", path: p.path, blockId: id, blockType: type, field, message: `${who}: field "${field}": ${message}` }),
  );
  return null;
}

function reportSchemaErrors(checker: TypeCheck<any>, value: unknown, report: (field: string, message: string) => void): void {
  const seen = new Set<string>();
  for (const e of checker.Errors(value)) {
    const field = e.path.replace(/^\//, "") || "(block)";
    if (seen.has(field)) continue;
    seen.add(field);
    report(field, e.message);
    if (seen.size >= 10) break;
  }
}

/** Child blocks to visit, with the types each position accepts. */
function childrenOf(block: Record<string, any>, p: Pending, out: Collector): Pending[] {
  const kids: Pending[] = [];
  const push = (list: unknown[], base: string, allowed: readonly BlockType[]) =>
    list.forEach((node, i) => kids.push({ node, path: `${base}/${i}`, depth: p.depth + 1, allowed }));
  switch (block.type) {
    case "container":
      push(block.items, `${p.path}/items`, CONTAINER_CHILD_TYPES);
      break;
    case "hero":
      push(block.items, `${p.path}/items`, HERO_CHILD_TYPES);
      break;
    case "accordion":
      block.sections.forEach((s: { items: unknown[] }, i: number) => push(s.items, `${p.path}/sections/${i}/items`, ACCORDION_CHILD_TYPES));
      break;
    case "columns":
      block.columns.forEach((col: unknown, i: number) => {
        if (COLUMN_CHECK.Check(col)) return push((col as { blocks: unknown[] }).blocks, `${p.path}/columns/${i}/blocks`, COLUMN_CHILD_TYPES);
        reportSchemaErrors(COLUMN_CHECK, col, (field, message) =>
          out.add({ code: "INVALID_FIELD", path: p.path, blockId: block.id, blockType: "columns", field: `columns/${i}/${field}`, message: `columns block "${block.id}" at ${p.path}: field "columns/${i}/${field}": ${message}` }),
        );
      });
      break;
  }
  return kids;
}

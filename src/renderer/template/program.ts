/**
 * The compiled form of a template: a flat array of static strings and slots. Running it for a recipient
 * is substitution only (see personalize.ts). Everything here is plain data, so a compiled email can be
 * cached or stored as JSON.
 */

export const SLOT_VAR = 0;
export const SLOT_LINK = 1;
export const SLOT_IMAGE = 2;
export const SLOT_IF = 3;
export const SLOT_EACH = 4;
export const SLOT_PIXEL = 5;

/** Where a variable is looked up. */
export const FROM_SCOPE = 0; // repeat item (or $index)
export const FROM_CONTACT = 1;
export const FROM_DATA = 2;
export const FROM_URLS = 3; // unsubscribeUrl, preferencesUrl, viewInBrowserUrl
export const FROM_ANY = 4; // bare name: contact first, then data

export interface VarRef {
  from: 0 | 1 | 2 | 3 | 4;
  /** repeat nesting level (0 = outermost) for FROM_SCOPE */
  depth: number;
  /** true for $index */
  index: boolean;
  path: string[];
}

export interface VarSlot { k: 0; ref: VarRef; fallback: string; escape: boolean; urlEncode: boolean }
export interface LinkSlot { k: 1; link: number; escape: boolean }
export interface ImageSlot { k: 2; src: Part[]; escape: boolean }
export interface IfSlot { k: 3; ref: VarRef; op: ConditionOperator; value: string; body: Part[] }
export interface EachSlot { k: 4; ref: VarRef; max: number; body: Part[] }
export interface PixelSlot { k: 5 }
export type Slot = VarSlot | LinkSlot | ImageSlot | IfSlot | EachSlot | PixelSlot;
export type Part = string | Slot;

export type ConditionOperator = "exists" | "notExists" | "equals" | "notEquals" | "contains";

export const SYSTEM_URL_VARIABLES = ["unsubscribeUrl", "preferencesUrl", "viewInBrowserUrl"] as const;
const SYSTEM_URLS = new Set<string>(SYSTEM_URL_VARIABLES);
const CONTACT_BUILTINS = new Set(["email", "firstName", "lastName"]);

/** Resolves a written variable name against the repeat aliases in scope (innermost last). */
export function resolveRef(name: string, aliases: readonly string[]): VarRef {
  const path = name.split(".");
  const head = path[0]!;
  if (head === "$index") return { from: FROM_SCOPE, depth: aliases.length - 1, index: true, path: [] };
  const depth = aliases.lastIndexOf(head);
  if (depth !== -1) return { from: FROM_SCOPE, depth, index: false, path: path.slice(1) };
  if (head === "contact" && path.length > 1) return { from: FROM_CONTACT, depth: 0, index: false, path: path.slice(1) };
  if (head === "data" && path.length > 1) return { from: FROM_DATA, depth: 0, index: false, path: path.slice(1) };
  if (path.length === 1 && SYSTEM_URLS.has(head)) return { from: FROM_URLS, depth: 0, index: false, path };
  if (path.length === 1 && CONTACT_BUILTINS.has(head)) return { from: FROM_CONTACT, depth: 0, index: false, path };
  return { from: FROM_ANY, depth: 0, index: false, path };
}

/** Accumulates static text and slots into a part list, merging adjacent strings. */
export class ProgramBuilder {
  parts: Part[] = [];
  private buf = "";

  constructor(readonly html: boolean) {}

  raw(s: string): void {
    this.buf += s;
  }

  slot(s: Slot): void {
    if (this.buf) {
      this.parts.push(this.buf);
      this.buf = "";
    }
    this.parts.push(s);
  }

  /** Appends already-built parts (a sub-program) keeping string merging. */
  append(parts: readonly Part[]): void {
    for (const p of parts) typeof p === "string" ? this.raw(p) : this.slot(p);
  }

  finish(): Part[] {
    if (this.buf) {
      this.parts.push(this.buf);
      this.buf = "";
    }
    for (const p of this.parts) if (typeof p === "string") flatten(p);
    return this.parts;
  }
}

/**
 * Concatenation builds rope strings; reading a character makes the engine lay the rope out flat once,
 * so per-recipient runs copy flat strings instead of re-walking ropes.
 */
function flatten(s: string): void {
  if (s.length) s.charCodeAt(s.length >> 1);
}

/** Walks a program and all nested bodies. */
export function forEachSlot(parts: readonly Part[], visit: (s: Slot) => void): void {
  for (const p of parts) {
    if (typeof p === "string") continue;
    visit(p);
    if (p.k === SLOT_IF || p.k === SLOT_EACH) forEachSlot(p.body, visit);
    else if (p.k === SLOT_IMAGE) forEachSlot(p.src, visit);
  }
}

/** Static length of a program (strings only), for size estimates. */
export function staticLength(parts: readonly Part[]): number {
  let n = 0;
  for (const p of parts) if (typeof p === "string") n += p.length;
  return n;
}

/** Test helpers for the renderer (imported by *.test.ts only). */
import { Parser, Tokenizer } from "htmlparser2";
import { parse, serialize } from "parse5";
import type { Block } from "../model/blocks.ts";
import { DOCUMENT_VERSION, type EmailDocument } from "../model/document.ts";

/** HTML5 parse errors reported by parse5 (tokenizer and tree construction); [] when well formed. */
export function parseErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, {
    onParseError(e) {
      errors.push(`${e.code} at ${e.startLine}:${e.startCol}: ${JSON.stringify(html.slice(Math.max(0, e.startOffset - 40), e.startOffset + 40))}`);
    },
  });
  return errors;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/**
 * Strict tag balance from htmlparser2's raw tokenizer (no HTML error recovery): every start tag of a
 * non-void element is closed by a matching end tag in order, no stray end tags. [] when balanced.
 */
export function unbalancedTags(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let current = "";
  const tk = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        current = html.slice(start, end).toLowerCase();
      },
      onopentagend() {
        if (!VOID.has(current)) stack.push(current);
      },
      onselfclosingtag() {
        if (!VOID.has(current)) problems.push(`<${current}/> self-closed`);
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (VOID.has(name)) return;
        const top = stack.pop();
        if (top !== name) problems.push(`</${name}> closes <${top ?? "nothing"}> near ${JSON.stringify(html.slice(Math.max(0, start - 60), start + 10))}`);
      },
      onattribdata() {}, onattribentity() {}, onattribend() {}, onattribname() {}, oncdata() {}, oncomment() {},
      ondeclaration() {}, onend() {}, onprocessinginstruction() {}, ontext() {}, ontextentity() {},
    },
  );
  tk.write(html);
  tk.end();
  for (const open of stack) problems.push(`<${open}> never closed`);
  return problems;
}

const IMPLIED = new Set(["html", "head", "body", "tbody"]);

function tagSequence(html: string): string[] {
  const seq: string[] = [];
  const p = new Parser(
    {
      onopentag(n) { if (!IMPLIED.has(n)) seq.push("<" + n); },
      onclosetag(n) { if (!IMPLIED.has(n) && !VOID.has(n)) seq.push("/" + n); },
    },
    { decodeEntities: true },
  );
  p.write(html);
  p.end();
  return seq;
}

/**
 * Content-model check: parses with parse5 (the HTML5 tree builder a browser uses), serializes, and
 * compares the element sequence with the input's. A browser moving or closing elements on its own
 * (a <p> inside <h1>, text fostered out of a <table>, a <div> closing a <p>) shows up here; the
 * tbody/html/head/body elements a browser adds are ignored. Returns "" when the structure is kept.
 */
export function structureChange(html: string): string {
  const before = tagSequence(html);
  const after = tagSequence(serialize(parse(html)));
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    if (before[i] !== after[i]) return `element ${i}: input has ${before[i]}, browser tree has ${after[i]} (after ${before.slice(Math.max(0, i - 4), i).join(" ")})`;
  }
  return "";
}

/** All href values (entity-decoded) in document order. */
export function hrefs(html: string): string[] {
  const out: string[] = [];
  const p = new Parser({ onopentag(_n, attrs) { if (attrs.href !== undefined) out.push(attrs.href); } }, { decodeEntities: true });
  p.write(html);
  p.end();
  return out;
}

/** Every element name and attribute name in the HTML outside comments (for "no script, no handler" checks). */
export function elementsAndAttributes(html: string): { tags: string[]; attrs: string[] } {
  const tags: string[] = [];
  const attrs: string[] = [];
  const p = new Parser({ onopentag(n, a) { tags.push(n); attrs.push(...Object.keys(a)); } }, { decodeEntities: true });
  p.write(html);
  p.end();
  return { tags, attrs };
}

export function docOf(...blocks: Block[]): EmailDocument {
  return { version: DOCUMENT_VERSION, blocks };
}

/**
 * Merge-tag syntax: `{{ name }}` or `{{ name | 'fallback' }}` (single or double quotes).
 * A name is `$index` or dotted identifiers: `firstName`, `contact.plan`, `data.order.id`, `item.title`.
 * Anything else that starts with `{{` is malformed: the renderer prints it as literal text and the
 * validator reports it (MALFORMED_TAG).
 */

export interface Tag {
  /** the variable name as written, e.g. "contact.plan" */
  name: string;
  path: string[];
  /** used when the value is missing, null or empty; undefined when no fallback was written */
  fallback: string | undefined;
  /** the tag as written, braces included */
  raw: string;
}

export type Segment = string | Tag;

export interface TagProblem {
  /** character offset of the `{{` in the input */
  index: number;
  raw: string;
  message: string;
}

export function hasTags(s: string): boolean {
  return s.indexOf("{{") !== -1;
}

/**
 * Memo of parsed strings that hold tags. Parsing is pure and the same strings come back on every
 * compile of a template (editor previews, saved-block cascades, one compile per language); the
 * segments are never mutated by callers. Bounded: cleared when full.
 */
const memo = new Map<string, Segment[]>();
const MEMO_LIMIT = 2000;

/** Splits a string into literal text and tags; malformed tags stay literal and are reported to `problems`. */
export function parseTemplate(s: string, problems?: TagProblem[]): Segment[] {
  const open = s.indexOf("{{");
  if (open === -1) return s === "" ? [] : [s];
  if (problems) return parseTags(s, open, problems);
  let segs = memo.get(s);
  if (segs === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    segs = parseTags(s, open, undefined);
    memo.set(s, segs);
  }
  return segs;
}

function parseTags(s: string, first: number, problems: TagProblem[] | undefined): Segment[] {
  let open = first;
  const out: Segment[] = [];
  let literal = "";
  let pos = 0;
  while (open !== -1) {
    const close = s.indexOf("}}", open + 2);
    const nextOpen = s.indexOf("{{", open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const end = nextOpen === -1 ? s.length : nextOpen;
      problems?.push({ index: open, raw: clip(s.slice(open, end)), message: `unclosed tag "${clip(s.slice(open, end))}" (missing "}}")` });
      literal += s.slice(pos, end);
      pos = end;
      open = nextOpen;
      continue;
    }
    const raw = s.slice(open, close + 2);
    const tag = parseTagBody(s.slice(open + 2, close), raw);
    if (typeof tag === "string") {
      problems?.push({ index: open, raw: clip(raw), message: tag });
      literal += s.slice(pos, close + 2);
    } else {
      literal += s.slice(pos, open);
      if (literal) out.push(literal);
      literal = "";
      out.push(tag);
    }
    pos = close + 2;
    open = s.indexOf("{{", pos);
  }
  literal += s.slice(pos);
  if (literal) out.push(literal);
  return out;
}

/** Returns the tag, or a problem message. */
export function parseTagBody(body: string, raw: string): Tag | string {
  const bar = body.indexOf("|");
  const name = (bar === -1 ? body : body.slice(0, bar)).trim();
  if (!isVariableName(name)) return `invalid variable name "${clip(name)}" in ${clip(raw)}`;
  let fallback: string | undefined;
  if (bar !== -1) {
    const f = body.slice(bar + 1).trim();
    const q = f[0];
    if (f.length < 2 || (q !== "'" && q !== '"') || f[f.length - 1] !== q || f.indexOf(q, 1) !== f.length - 1) {
      return `fallback must be quoted, e.g. {{${name}|'there'}}, in ${clip(raw)}`;
    }
    fallback = f.slice(1, -1);
  }
  return { name, path: name.split("."), fallback, raw };
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isWordPart = (c: number) => isAlpha(c) || (c >= 48 && c <= 57) || c === 45; // + 0-9 -

/** Same language as VARIABLE_NAME_PATTERN, checked without a regex (this runs for every tag of every compile). */
export function isVariableName(name: string): boolean {
  if (name === "$index") return true;
  if (name.length === 0 || name.length > 200 || !isAlpha(name.charCodeAt(0))) return false;
  let afterDot = false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46) {
      if (afterDot) return false;
      afterDot = true;
    } else if (isWordPart(c)) afterDot = false;
    else return false;
  }
  return !afterDot;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/** Problems of one template string (subject, preheader, a block field); empty when it is well formed. */
export function findTagProblems(s: string): TagProblem[] {
  const problems: TagProblem[] = [];
  if (hasTags(s)) parseTemplate(s, problems);
  return problems;
}

import { Parser } from "htmlparser2";
import { RICH_TEXT_PROPERTIES, sanitizeCss } from "./css.ts";
import { escapeAttr, escapeHtml } from "./escape.ts";
import { sanitizeUrlTemplate } from "./url.ts";

/**
 * HTML sanitizer built on htmlparser2. It never passes input through: it re-emits only allowlisted
 * elements and attributes from the parsed tokens (text re-escaped, URLs and styles re-checked, tags
 * re-balanced), drops comments and the content of script-like elements, and keeps the text of
 * unknown elements. Two policies: rich text (text blocks) and raw HTML (the rawHtml block).
 */

export type AttrKind = "text" | "href" | "src" | "style" | "flag";
export interface SafeAttr {
  name: string;
  value: string;
  kind: AttrKind;
}

/** Receives the sanitized token stream. */
export interface HtmlSink {
  open(tag: string, attrs: SafeAttr[], isVoid: boolean): void;
  close(tag: string): void;
  text(decoded: string): void;
}

export interface HtmlPolicy {
  /** allowed element → allowed attributes (besides the global ones) */
  tags: Record<string, readonly string[]>;
  globalAttrs: readonly string[];
  styleProperties?: RegExp;
}

const VOID = new Set(["br", "hr", "img", "col", "wbr"]);
/** Elements removed together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
  "textarea", "title", "xmp", "noembed", "noframes", "select", "option", "svg", "math", "head", "base",
  "link", "meta", "plaintext", "button", "input", "form",
]);
const NUMBER_OR_PERCENT = /^\d{1,4}(\.\d+)?%?$/;
const CLASS_NAMES = /^[A-Za-z0-9_ -]{0,200}$/;

export const RICH_TEXT_POLICY: HtmlPolicy = {
  tags: {
    p: ["style"], br: [], strong: [], b: [], em: [], i: [], u: [], s: [], strike: [], del: [], span: ["style"],
    sub: [], sup: [], code: [], small: [], mark: [], ul: [], ol: [], li: [], blockquote: [],
    a: ["href", "title", "target", "data-no-track"],
  },
  globalAttrs: ["dir"],
  styleProperties: RICH_TEXT_PROPERTIES,
};

const CELL = ["colspan", "rowspan", "align", "valign", "width", "height", "bgcolor"];
export const RAW_HTML_POLICY: HtmlPolicy = {
  tags: {
    ...RICH_TEXT_POLICY.tags,
    div: ["align"], center: [], font: ["color", "face", "size"], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
    hr: ["width", "size", "color", "noshade"], pre: [], caption: [], section: [], header: [], footer: [], article: [],
    table: ["width", "height", "align", "bgcolor", "border", "cellpadding", "cellspacing", "role"],
    thead: [], tbody: [], tfoot: [], tr: ["align", "valign", "bgcolor"], td: CELL, th: CELL,
    colgroup: ["span", "width"], col: ["span", "width"],
    img: ["src", "alt", "width", "height", "align", "border", "title"],
    a: ["href", "title", "target", "name", "data-no-track"],
  },
  globalAttrs: ["style", "class", "dir", "lang", "title", "align"],
};

function cleanAttr(tag: string, name: string, value: string, policy: HtmlPolicy): SafeAttr | null {
  if (!policy.globalAttrs.includes(name) && !policy.tags[tag]!.includes(name)) return null;
  switch (name) {
    case "href": {
      const url = sanitizeUrlTemplate(value, "link");
      return url === null ? null : { name, value: url, kind: "href" };
    }
    case "src": {
      const url = sanitizeUrlTemplate(value, "image");
      return url === null ? null : { name, value: url, kind: "src" };
    }
    case "style": {
      const css = sanitizeCss(value, policy.styleProperties);
      return css ? { name, value: css, kind: "style" } : null;
    }
    case "data-no-track":
      return { name, value: "", kind: "flag" };
    case "target":
      return value === "_blank" || value === "_self" ? { name, value, kind: "text" } : null;
    case "width": case "height": case "colspan": case "rowspan": case "cellpadding": case "cellspacing": case "border": case "span":
      return NUMBER_OR_PERCENT.test(value) ? { name, value, kind: "text" } : null;
    case "class":
      return CLASS_NAMES.test(value) ? { name, value, kind: "text" } : null;
    default:
      return value.length <= 500 ? { name, value, kind: "text" } : null;
  }
}

/** Parses `html` and feeds the sanitized token stream to `sink`. */
export function walkSafeHtml(html: string, policy: HtmlPolicy, sink: HtmlSink): void {
  const open: string[] = [];
  let dropping = 0;
  // htmlparser2 splits text at entities; merge so a {{tag|'x'}} written with &#39; stays one piece
  let pending = "";
  const flush = () => {
    if (pending) sink.text(pending);
    pending = "";
  };
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        if (dropping > 0 || DROP_WITH_CONTENT.has(tag)) {
          dropping++;
          return;
        }
        if (!Object.hasOwn(policy.tags, tag)) return;
        flush();
        const attrs: SafeAttr[] = [];
        for (const name in attribs) {
          const a = cleanAttr(tag, name, attribs[name]!, policy);
          if (a) attrs.push(a);
        }
        const isVoid = VOID.has(tag);
        sink.open(tag, attrs, isVoid);
        if (!isVoid) open.push(tag);
      },
      onclosetag(tag) {
        if (dropping > 0) {
          dropping--;
          return;
        }
        if (VOID.has(tag)) return;
        const at = open.lastIndexOf(tag);
        if (at === -1) return;
        flush();
        while (open.length > at) sink.close(open.pop()!);
      },
      ontext(text) {
        if (dropping === 0) pending += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  while (open.length) sink.close(open.pop()!);
}

/** Standalone sanitizer: returns safe HTML (tags in the text are kept literally, not resolved). */
export function sanitizeRawHtml(html: string, policy: HtmlPolicy = RAW_HTML_POLICY): string {
  let out = "";
  walkSafeHtml(html, policy, {
    open(tag, attrs) {
      out += "<" + tag;
      for (const a of attrs) out += a.kind === "flag" ? " " + a.name : ` ${a.name}="${escapeAttr(a.value)}"`;
      out += ">";
    },
    close(tag) {
      out += "</" + tag + ">";
    },
    text(t) {
      out += escapeHtml(t);
    },
  });
  return out;
}

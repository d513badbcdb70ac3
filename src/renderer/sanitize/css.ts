import * as csstree from "./css-tree.ts";
import { isHttpUrl } from "./url.ts";

/**
 * CSS sanitizer built on css-tree: declarations are parsed, checked one by one against a property
 * allowlist and a value denylist (expression(), javascript:, behavior, -moz-binding, non-http url(),
 * backslash escapes, "<"), and regenerated; @import and other at-rules that load or scope code are dropped.
 */

const EMAIL_PROPERTIES = new RegExp(
  "^(color|background(-(color|image|position|size|repeat))?|border(-[a-z-]+)?|margin(-(top|right|bottom|left))?|" +
    "padding(-(top|right|bottom|left))?|font(-[a-z-]+)?|text-[a-z-]+|line-height|letter-spacing|word-spacing|" +
    "white-space|(min-|max-)?(width|height)|display|vertical-align|direction|opacity|overflow(-[xy])?|float|clear|" +
    "list-style(-[a-z-]+)?|box-sizing|table-layout|word-break|overflow-wrap|visibility|mso-[a-z-]+|" +
    "-webkit-text-size-adjust|-ms-text-size-adjust|color-scheme|outline(-[a-z-]+)?|caption-side|empty-cells|" +
    "border-collapse|border-spacing|animation(-[a-z-]+)?|transition(-[a-z-]+)?|transform|cursor|content)$",
);

/** The narrower set allowed inside rich text (ED-02: colour and size are block-level). */
export const RICH_TEXT_PROPERTIES = /^(text-align|font-weight|font-style|text-decoration)$/;

const BAD_VALUE = /expression|javascript|vbscript|behavior|-moz-binding|@import|\\|<|>/i;
const ALLOWED_AT_RULES = new Set(["media", "supports", "keyframes", "-webkit-keyframes"]);

function declarationIsSafe(node: csstree.Declaration, properties: RegExp): boolean {
  const property = node.property.toLowerCase();
  if (!properties.test(property)) return false;
  const value = csstree.generate(node.value);
  if (BAD_VALUE.test(value) || BAD_VALUE.test(property)) return false;
  let urlsOk = true;
  csstree.walk(node.value, {
    visit: "Url",
    enter(url: csstree.Url) {
      if (!isHttpUrl(url.value)) urlsOk = false;
    },
  });
  return urlsOk;
}

/** Cleans a `style` attribute / declaration list; returns "prop:value;prop:value" (possibly empty). */
export function sanitizeCss(style: string, properties: RegExp = EMAIL_PROPERTIES): string {
  if (style.length > 10_000) return "";
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(style, { context: "declarationList", parseValue: true });
  } catch {
    return "";
  }
  const kept: string[] = [];
  csstree.walk(ast, {
    visit: "Declaration",
    enter(node: csstree.Declaration) {
      if (declarationIsSafe(node, properties)) kept.push(csstree.generate(node));
    },
  });
  return kept.join(";");
}

/** Cleans a whole style sheet (the customCss option): drops unsafe at-rules and declarations. */
export function sanitizeStylesheet(css: string): string {
  if (css.length > 100_000) return "";
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(css, { parseValue: true });
  } catch {
    return "";
  }
  csstree.walk(ast, {
    enter(node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode>, list: csstree.List<csstree.CssNode>) {
      if (!list || !item) return;
      const unsafeAtRule = node.type === "Atrule" && !ALLOWED_AT_RULES.has(node.name.toLowerCase());
      const unsafeDecl = node.type === "Declaration" && !declarationIsSafe(node, EMAIL_PROPERTIES);
      const unsafeSelector = node.type === "Rule" && /[<>\\]/.test(csstree.generate(node.prelude));
      if (unsafeAtRule || unsafeDecl || unsafeSelector) list.remove(item);
    },
  });
  return csstree.generate(ast).replace(/</g, "\\3c ");
}

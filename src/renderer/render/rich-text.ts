import { escapeAttr } from "../sanitize/escape.ts";
import { walkSafeHtml, type HtmlPolicy, type SafeAttr } from "../sanitize/html.ts";
import type { RenderContext } from "./context.ts";

export interface RichTextOptions {
  blockId: string;
  blockType: string;
  linkColor: string;
  /** inline style for <p> elements (margins are added) */
  paragraphStyle?: string;
  /** inside a heading: paragraphs become line breaks (a <p> may not sit in an <h1>) */
  inline?: boolean;
}

const SPACE_RUN = /[ \t\r\n]+/g;
const NEEDS_COLLAPSE = /[\t\r\n]| {2}/;
const collapseSpace = (s: string) => (NEEDS_COLLAPSE.test(s) ? s.replace(SPACE_RUN, " ") : s);

interface ListState {
  ordered: boolean;
  n: number;
}

/**
 * Emits sanitized rich HTML into both programs of the context: HTML with links as link slots and
 * text as escaped literals/variable slots; plain text with "text (url)" links, list markers and
 * paragraph breaks.
 */
export function emitRichText(ctx: RenderContext, html: string, policy: HtmlPolicy, o: RichTextOptions): void {
  const { h, t } = ctx;
  const linkStack: { index: number; text: string }[] = [];
  const lists: ListState[] = [];
  let paragraphs = 0;

  const attrs = (tag: string, list: SafeAttr[]) => {
    let style = tag === "a" ? `color:${o.linkColor};text-decoration:underline;` : "";
    if (tag === "p") style = (paragraphs++ > 0 ? "margin:1em 0 0 0;" : "margin:0;") + (o.paragraphStyle ?? "");
    if (tag === "ul" || tag === "ol") style = "margin:0;padding:0 0 0 1.5em;";
    for (const a of list) {
      if (a.kind === "style") style += a.value + ";";
      else if (a.kind === "href") {
        const index = ctx.link(a.value, { text: "", blockId: o.blockId, blockType: o.blockType, noTrack: list.some((x) => x.kind === "flag") });
        linkStack.push({ index, text: "" });
        h.raw(' href="');
        ctx.linkSlot(h, index);
        h.raw('"');
      } else if (a.kind === "src") {
        h.raw(' src="');
        ctx.imageSrc(h, a.value);
        h.raw('"');
      } else if (a.kind === "text") {
        h.raw(` ${a.name}="`);
        ctx.content(h, a.value);
        h.raw('"');
      }
    }
    if (style) h.raw(` style="${escapeAttr(style)}"`);
  };

  walkSafeHtml(html, policy, {
    open(tag, list, isVoid) {
      if (o.inline && tag === "p") {
        if (paragraphs++ > 0) {
          h.raw("<br />");
          t.raw("\n");
        }
        return;
      }
      h.raw("<" + tag);
      attrs(tag, list);
      h.raw(isVoid ? " />" : ">");
      textOpen(tag, list);
    },
    close(tag) {
      if (o.inline && tag === "p") return;
      h.raw("</" + tag + ">");
      textClose(tag);
    },
    text(s) {
      ctx.both(s, collapseSpace);
      for (const l of linkStack) l.text += s;
    },
  });

  function textOpen(tag: string, list: SafeAttr[]) {
    if (tag === "br") t.raw("\n");
    else if (tag === "p" && paragraphs > 1) t.raw("\n\n");
    else if (tag === "ul" || tag === "ol") lists.push({ ordered: tag === "ol", n: 0 });
    else if (tag === "li") {
      const l = lists[lists.length - 1];
      t.raw("\n" + "  ".repeat(Math.max(0, lists.length - 1)) + (l?.ordered ? `${++l.n}. ` : "- "));
    } else if (tag === "img") {
      const alt = list.find((a) => a.name === "alt");
      if (alt?.value) {
        t.raw("[Image: ");
        ctx.content(t, alt.value);
        t.raw("]");
      }
    }
  }

  function textClose(tag: string) {
    if (tag === "ul" || tag === "ol") {
      lists.pop();
      if (lists.length === 0) t.raw("\n");
    } else if (tag === "a" && linkStack.length) {
      const l = linkStack.pop()!;
      const link = ctx.links[l.index]!;
      link.text = l.text.trim();
      if (link.url === "#" || link.url === null && !link.dynamic) return;
      if (link.url !== null && link.url === link.text) return;
      t.raw(" (");
      ctx.linkSlot(t, l.index);
      t.raw(")");
    } else if (/^(h[1-6]|div|blockquote|tr|pre|center|section|header|footer|article)$/.test(tag)) t.raw("\n");
  }
}

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

const BLOCK_END = /^(h[1-6]|div|blockquote|tr|pre|center|section|header|footer|article)$/;

/**
 * Emits sanitized rich HTML into both programs of the context: HTML with links as link slots and
 * text as escaped literals/variable slots; plain text with "text (url)" links, list markers and
 * paragraph breaks.
 */
export function emitRichText(ctx: RenderContext, html: string, policy: HtmlPolicy, o: RichTextOptions): void {
  const e = new RichTextEmitter(ctx, o);
  walkSafeHtml(html, policy, {
    open: (tag, attrs, isVoid) => e.open(tag, attrs, isVoid),
    close: (tag) => e.close(tag),
    text: (s) => e.text(s),
  });
}

class RichTextEmitter {
  /** one entry per open <a>: its link index, or -1 for an anchor without a usable href */
  private anchors: { index: number; text: string }[] = [];
  private lists: ListState[] = [];
  private paragraphs = 0;

  constructor(private readonly ctx: RenderContext, private readonly o: RichTextOptions) {}

  open(tag: string, attrs: SafeAttr[], isVoid: boolean): void {
    const { h, t } = this.ctx;
    if (this.o.inline && tag === "p") {
      if (this.paragraphs++ > 0) {
        h.raw("<br />");
        t.raw("\n");
      }
      return;
    }
    h.raw("<" + tag);
    this.attributes(tag, attrs);
    h.raw(isVoid ? " />" : ">");
    this.textOpen(tag, attrs);
  }

  close(tag: string): void {
    if (this.o.inline && tag === "p") return;
    this.ctx.h.raw("</" + tag + ">");
    this.textClose(tag);
  }

  text(s: string): void {
    this.ctx.both(s, collapseSpace);
    for (const a of this.anchors) a.text += s;
  }

  private defaultStyle(tag: string): string {
    if (tag === "a") return `color:${this.o.linkColor};text-decoration:underline;`;
    if (tag === "p") return (this.paragraphs++ > 0 ? "margin:1em 0 0 0;" : "margin:0;") + (this.o.paragraphStyle ?? "");
    if (tag === "ul" || tag === "ol") return "margin:0;padding:0 0 0 1.5em;";
    return "";
  }

  private attributes(tag: string, attrs: SafeAttr[]): void {
    const { ctx } = this;
    const h = ctx.h;
    let style = this.defaultStyle(tag);
    let anchor = -1;
    for (const a of attrs) {
      if (a.kind === "style") style += a.value + ";";
      else if (a.kind === "href") {
        anchor = ctx.link(a.value, { text: "", blockId: this.o.blockId, blockType: this.o.blockType, noTrack: attrs.some((x) => x.kind === "flag") });
        h.raw(' href="');
        ctx.linkSlot(h, anchor);
        h.raw('"');
      } else if (a.kind === "src") {
        h.raw(' src="');
        ctx.imageSrc(h, a.value);
        h.raw('"');
      } else if (a.kind === "text") {
        h.raw(` ${a.name}="`);
        ctx.content(h, a.value);
        h.raw('"');
      } else if (a.kind === "flag") h.raw(" " + a.name);
    }
    if (tag === "a") this.anchors.push({ index: anchor, text: "" });
    if (style) h.raw(` style="${escapeAttr(style)}"`);
  }

  private textOpen(tag: string, attrs: SafeAttr[]): void {
    const t = this.ctx.t;
    if (tag === "br") t.raw("\n");
    else if (tag === "p" && this.paragraphs > 1) t.raw("\n\n");
    else if (tag === "ul" || tag === "ol") this.lists.push({ ordered: tag === "ol", n: 0 });
    else if (tag === "li") {
      const l = this.lists[this.lists.length - 1];
      t.raw("\n" + "  ".repeat(Math.max(0, this.lists.length - 1)) + (l?.ordered ? `${++l.n}. ` : "- "));
    } else if (tag === "img") {
      const alt = attrs.find((a) => a.name === "alt");
      if (alt?.value) {
        t.raw("[Image: ");
        this.ctx.content(t, alt.value);
        t.raw("]");
      }
    }
  }

  private textClose(tag: string): void {
    const t = this.ctx.t;
    if (tag === "ul" || tag === "ol") {
      this.lists.pop();
      if (this.lists.length === 0) t.raw("\n");
    } else if (tag === "a") this.closeAnchor();
    else if (BLOCK_END.test(tag)) t.raw("\n");
  }

  /** Records the link text and prints " (url)" after it in the plain text, unless the text is the URL. */
  private closeAnchor(): void {
    const a = this.anchors.pop();
    if (!a || a.index === -1) return;
    const link = this.ctx.links[a.index]!;
    link.text = a.text.trim();
    if (link.url === "#" || (link.url !== null && link.url === link.text)) return;
    this.ctx.t.raw(" (");
    this.ctx.linkSlot(this.ctx.t, a.index);
    this.ctx.t.raw(")");
  }
}

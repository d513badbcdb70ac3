import type { TextBlock } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { emitRichText } from "../rich-text.ts";
import { RICH_TEXT_POLICY } from "../../sanitize/html.ts";
import { cssColor, fontFamily, fontWeight, letterSpacing, textTransform } from "../styles.ts";
import { startAlign, wrapBlock } from "../wrap.ts";

/** Typography of a text block after theme defaults (headings use theme.headings). */
export function textStyle(ctx: RenderContext, b: TextBlock): string {
  const th = ctx.theme;
  const heading = b.blockType && b.blockType !== "paragraph" ? th.headings[b.blockType] : undefined;
  const color = b.textColor ?? heading?.color ?? th.textColor;
  return (
    fontFamily(b.fontFamily ?? (heading ? th.headingFontFamily : th.fontFamily)) +
    `font-size:${b.fontSize ?? heading?.fontSize ?? th.fontSize}px;` +
    `line-height:${b.lineHeight ?? heading?.lineHeight ?? th.lineHeight};` +
    `color:${cssColor(color)};text-align:${b.textAlign ?? startAlign(ctx)};` +
    fontWeight(b.fontWeight ?? heading?.fontWeight) +
    letterSpacing(b.letterSpacing) +
    textTransform(b.textTransform) +
    (b.textDecoration && b.textDecoration !== "none" ? `text-decoration:${b.textDecoration};` : "")
  );
}

export function renderText(ctx: RenderContext, b: TextBlock): void {
  const tag = b.blockType && b.blockType !== "paragraph" ? b.blockType : "div";
  const style = textStyle(ctx, b);
  let cls = "";
  if (b.mobileFontSize) {
    cls = ctx.nextClass();
    ctx.css.addMobile(`.${cls},.${cls} *{font-size:${b.mobileFontSize}px!important}`);
  }
  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    ctx.h.raw(`<${tag}${cls ? ` class="${cls}"` : ""} style="margin:0;${style}">`);
    emitRichText(ctx, b.html, RICH_TEXT_POLICY, { blockId: b.id, blockType: "text", linkColor: ctx.theme.linkColor, inline: tag !== "div" });
    ctx.h.raw(`</${tag}>`);
  });
  ctx.t.raw("\n\n");
}

import type { AccordionBlock, RawHtmlBlock, VideoBlock } from "../../model/blocks.ts";
import { escapeAttr } from "../../sanitize/escape.ts";
import { RAW_HTML_POLICY } from "../../sanitize/html.ts";
import type { RenderContext } from "../context.ts";
import { emitRichText } from "../rich-text.ts";
import { TABLE_ATTRS, cssColor, cssUrl, fontFamily, solidColor } from "../styles.ts";
import { startAlign, wrapBlock } from "../wrap.ts";

/** BL-10: developer HTML, passed through the raw-HTML sanitizer policy (no scripts, handlers, unsafe URLs/CSS). */
export function renderRawHtml(ctx: RenderContext, b: RawHtmlBlock): void {
  wrapBlock(ctx, b, { themedText: true }, () => {
    emitRichText(ctx, b.html, RAW_HTML_POLICY, { blockId: b.id, blockType: "rawHtml", linkColor: ctx.theme.linkColor });
  });
  ctx.t.raw("\n\n");
}

/** BL-11: thumbnail as a background with a play button; the whole thing links out to the video. */
export function renderVideo(ctx: RenderContext, b: VideoBlock): void {
  const align = b.align ?? "center";
  const size = b.playButtonSize ?? 64;
  const play = cssColor(b.playButtonColor ?? "#ffffff");
  const link = ctx.link(b.videoUrl, { text: b.alt ? `[video] ${b.alt}` : "[video]", blockId: b.id, blockType: "video" });
  wrapBlock(ctx, b, { background: b.backgroundColor, align }, () => {
    const w = Math.min(b.width ?? ctx.width, ctx.width);
    const hgt = Math.round((w * 9) / 16);
    const thumb = ctx.backgroundUrl(b.thumbnailUrl);
    const bg = thumb ? `background-image:url('${cssUrl(thumb)}');background-size:cover;background-position:center;` : "";
    ctx.h.raw(`<table ${TABLE_ATTRS} align="${align}" width="${w}" style="width:100%;max-width:${w}px;"><tr>`);
    ctx.h.raw(`<td align="center" valign="middle" height="${hgt}" bgcolor="#000000"${thumb ? ` background="${escapeAttr(thumb)}"` : ""} style="height:${hgt}px;background-color:#000000;${bg}">`);
    if (thumb) {
      ctx.h.raw(`<!--[if mso]><v:rect xmlns:v="urn:schemas-microsoft-com:vml" fill="true" stroke="false" style="width:${w}px;height:${hgt}px;"><v:fill type="frame" src="${escapeAttr(thumb)}" color="#000000" /><v:textbox inset="0,0,0,0"><![endif]-->`);
    }
    ctx.h.raw('<a href="');
    ctx.linkSlot(ctx.h, link);
    ctx.h.raw(`" target="_blank" title="`);
    ctx.content(ctx.h, b.alt ?? "Play video");
    ctx.h.raw(`" style="display:inline-block;width:${size}px;height:${size}px;line-height:${size}px;border-radius:${size}px;background-color:rgba(0,0,0,0.55);border:3px solid ${play};color:${play};font-size:${Math.round(size * 0.45)}px;text-align:center;text-decoration:none;${fontFamily(ctx.theme.fontFamily)}">&#9654;</a>`);
    if (thumb) ctx.h.raw("<!--[if mso]></v:textbox></v:rect><![endif]-->");
    ctx.h.raw("</td></tr></table>");
  });
  ctx.t.raw("[Video");
  if (b.alt) {
    ctx.t.raw(": ");
    ctx.content(ctx.t, b.alt);
  }
  ctx.t.raw("] (");
  ctx.linkSlot(ctx.t, link);
  ctx.t.raw(")\n\n");
}

/** BL-12: sections rendered expanded (the static form every client shows; see README for interactivity). */
export function renderAccordion(ctx: RenderContext, b: AccordionBlock): void {
  const headerBg = b.headerBackgroundColor ?? "#f4f4f5";
  const headerColor = cssColor(b.headerTextColor ?? ctx.theme.textColor);
  const icon = cssColor(b.iconColor ?? ctx.theme.primaryColor);
  const line = cssColor(b.sectionBorderColor ?? "#e4e4e7");
  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    ctx.h.raw(`<table ${TABLE_ATTRS} width="100%" style="border-collapse:collapse;">`);
    for (const s of b.sections) {
      ctx.h.raw(`<tr><td class="o-surface" bgcolor="${solidColor(headerBg)}" style="padding:12px 16px;background-color:${cssColor(headerBg)};border-top:1px solid ${line};${fontFamily(ctx.theme.fontFamily)}font-size:${b.headerFontSize ?? 16}px;font-weight:bold;color:${headerColor};text-align:${startAlign(ctx)};">`);
      ctx.h.raw(`<span style="color:${icon};">&#9662;</span>&nbsp;`);
      ctx.content(ctx.h, s.title);
      ctx.h.raw("</td></tr>");
      const contentBg = b.contentBackgroundColor;
      ctx.h.raw(`<tr><td${contentBg ? ` bgcolor="${solidColor(contentBg)}"` : ""} style="padding:0;${contentBg ? `background-color:${cssColor(contentBg)};` : ""}">`);
      ctx.content(ctx.t, s.title);
      ctx.t.raw("\n");
      ctx.withPainted(contentBg, () => ctx.renderBlocks(s.items));
      ctx.h.raw("</td></tr>");
    }
    ctx.h.raw("</table>");
  });
}


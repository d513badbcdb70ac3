import type { CarouselBlock, ListBlock, MenuBlock } from "../../model/blocks.ts";
import { escapeAttr } from "../../sanitize/escape.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, cssColor, fontFamily, fontWeight, textTransform } from "../styles.ts";
import { startAlign, wrapBlock } from "../wrap.ts";
import { emitImg, imageText, openLink } from "./image.ts";

/** BL-13: inline navigation links with optional separators; stacks vertically on mobile when hamburgerOnMobile. */
export function renderMenu(ctx: RenderContext, b: MenuBlock): void {
  const align = b.align ?? "center";
  const spacing = b.itemSpacing ?? 16;
  const color = cssColor(b.textColor ?? ctx.theme.textColor);
  const font = fontFamily(b.fontFamily ?? ctx.theme.fontFamily) + `font-size:${b.fontSize ?? 14}px;` + fontWeight(b.fontWeight) + textTransform(b.textTransform);
  const stackCls = b.hamburgerOnMobile ? ctx.nextClass() : "";
  if (stackCls) ctx.css.addMobile(`.${stackCls} td{display:block!important;text-align:center!important;padding:6px 0!important}.${stackCls} .${stackCls}-sep{display:none!important}`);
  const links = b.items.map((it) => ctx.link(it.url, { text: it.label, blockId: b.id, blockType: "menu", noTrack: it.noTrack }));
  wrapBlock(ctx, b, { background: b.backgroundColor, align, themedText: true }, () => {
    ctx.h.raw(`<table ${TABLE_ATTRS} align="${align}"${stackCls ? ` class="${stackCls}"` : ""}><tr>`);
    b.items.forEach((it, i) => {
      if (i > 0 && b.separator) {
        ctx.h.raw(`<td class="${stackCls}-sep" style="${font}color:${cssColor(b.separatorColor ?? "#a1a1aa")};">${escapeAttr(b.separator)}</td>`);
      }
      ctx.h.raw(`<td style="padding:0 ${spacing >> 1}px;${font}"><a href="`);
      ctx.linkSlot(ctx.h, links[i]!);
      ctx.h.raw(`" target="_blank" style="color:${color};text-decoration:none;${font}">`);
      ctx.content(ctx.h, it.label);
      ctx.h.raw("</a></td>");
    });
    ctx.h.raw("</tr></table>");
  });
  b.items.forEach((it, i) => {
    ctx.content(ctx.t, it.label);
    ctx.t.raw(" (");
    ctx.linkSlot(ctx.t, links[i]!);
    ctx.t.raw(i < b.items.length - 1 ? ")\n" : ")\n\n");
  });
}

/** BL-14: the first image is shown (what clients without CSS interactivity display); the text lists all. */
export function renderCarousel(ctx: RenderContext, b: CarouselBlock): void {
  const first = b.images[0]!;
  let firstLink = -1;
  wrapBlock(ctx, b, { background: b.backgroundColor, align: "center" }, () => {
    firstLink = openLink(ctx, first.linkUrl, first.alt ?? "[image]", b);
    emitImg(ctx, { src: first.src, alt: first.alt ?? "", width: ctx.width, fluid: true });
    if (firstLink !== -1) ctx.h.raw("</a>");
  });
  b.images.forEach((img, i) => {
    const link = i === 0 ? firstLink : img.linkUrl ? ctx.link(img.linkUrl, { text: img.alt ?? "[image]", blockId: b.id, blockType: "carousel" }) : -1;
    imageText(ctx, img.alt ?? `image ${i + 1}`, link);
  });
}

function marker(ctx: RenderContext, b: ListBlock, i: number): string {
  const color = cssColor(b.bulletColor ?? ctx.theme.primaryColor);
  const size = b.bulletSize ?? (b.fontSize ?? ctx.theme.fontSize);
  switch (b.listType ?? "bullet") {
    case "numbered":
      return `<span style="color:${color};font-weight:bold;">${i + 1}.</span>`;
    case "check":
      return `<span style="color:${color};font-size:${size}px;">&#10003;</span>`;
    case "icon":
      return "";
    default:
      return `<span style="color:${color};font-size:${size}px;">&#8226;</span>`;
  }
}

/** BL-15: table-based list (bullets, numbers, checks or an icon image). */
export function renderList(ctx: RenderContext, b: ListBlock): void {
  const fontSize = b.fontSize ?? ctx.theme.fontSize;
  const color = cssColor(b.textColor ?? ctx.theme.textColor);
  const gap = b.itemSpacing ?? 8;
  const text = fontFamily(ctx.theme.fontFamily) + `font-size:${fontSize}px;line-height:${b.lineHeight ?? ctx.theme.lineHeight};color:${color};text-align:${startAlign(ctx)};`;
  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    ctx.h.raw(`<table ${TABLE_ATTRS} width="100%">`);
    b.items.forEach((item, i) => {
      const pad = i < b.items.length - 1 ? gap : 0;
      ctx.h.raw(`<tr><td valign="top" width="28" style="width:28px;padding:0 0 ${pad}px 0;${text}">`);
      if ((b.listType ?? "bullet") === "icon" && b.iconUrl) {
        emitImg(ctx, { src: b.iconUrl, alt: "", width: b.bulletSize ?? 16, fluid: false, extraStyle: "margin-top:3px;" });
      } else ctx.h.raw(marker(ctx, b, i));
      ctx.h.raw(`</td><td valign="top" style="padding:0 0 ${pad}px 0;${text}">`);
      ctx.content(ctx.h, item);
      ctx.h.raw("</td></tr>");
      const prefix = b.listType === "numbered" ? `${i + 1}. ` : b.listType === "check" ? "[x] " : "- ";
      ctx.t.raw(prefix);
      ctx.content(ctx.t, item);
      ctx.t.raw("\n");
    });
    ctx.h.raw("</table>");
  });
  ctx.t.raw("\n");
}

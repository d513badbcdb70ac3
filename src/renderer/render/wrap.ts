import type { BorderValue, SpacingValue } from "../model/common.ts";
import { escapeAttr } from "../sanitize/escape.ts";
import type { RenderContext } from "./context.ts";
import { TABLE_ATTRS, border, borderWidth, cssColor, padding, solidColor } from "./styles.ts";

/** The BL-00 fields a wrapper understands (every block type has a subset). */
export interface WrappableBlock {
  id: string;
  type: string;
  padding?: SpacingValue;
  margin?: SpacingValue;
  backgroundColor?: string;
  border?: BorderValue;
  borderRadius?: number;
  dark?: { backgroundColor?: string; textColor?: string };
  hideOnMobile?: boolean;
  hideOnDesktop?: boolean;
  fullWidth?: boolean;
  cssClass?: string;
}

export interface WrapOptions {
  /** background of the block box (button uses blockBackgroundColor) */
  background?: string;
  /** horizontal alignment of the content cell */
  align?: string;
  /** extra inline CSS for the content cell (fonts, colours) */
  cellStyle?: string;
  /** the cell holds themed text: gets the dark-mode text class unless the block paints its own background */
  themedText?: boolean;
  /** attributes for the content cell (e.g. background="url" for old Outlook/Gmail) */
  cellAttrs?: string;
  /** fixed cell height in px */
  height?: number;
  /** vertical alignment of the content cell */
  valign?: string;
  /** padding when the block sets none (default: theme.blockPadding) */
  defaultPadding?: SpacingValue;
}

/**
 * Emits the block box: visibility wrappers, margin, a one-cell table carrying padding, background,
 * border and radius, then `inner` with the width reduced to the content box. The plain-text program
 * is left to the block.
 */
export function wrapBlock(ctx: RenderContext, b: WrappableBlock, o: WrapOptions, inner: () => void): void {
  const { h } = ctx;
  const base = b.padding ?? o.defaultPadding ?? ctx.theme.blockPadding;
  const pad = b.fullWidth ? { top: base.top, right: 0, bottom: base.bottom, left: 0 } : base;
  const bg = o.background;
  const tableClasses = b.hideOnMobile ? (b.cssClass ? "o-hm " + b.cssClass : "o-hm") : b.cssClass ?? "";
  if (b.cssClass?.includes("owlat-animate-")) ctx.css.addAnimations();
  let cellClass = "";
  if (b.dark?.backgroundColor || b.dark?.textColor) {
    cellClass = ctx.nextClass();
    ctx.css.addDarkOverride(cellClass, b.dark.backgroundColor, b.dark.textColor);
  } else if (o.themedText && !bg && !ctx.painted) cellClass = "o-t";
  if (b.hideOnDesktop) h.raw('<!--[if !mso]><!--><div class="o-hd" style="display:none;max-height:0;overflow:hidden;mso-hide:all;">');
  const m = b.margin;
  const hasMargin = m && (m.top || m.right || m.bottom || m.left);
  if (hasMargin) h.raw(`<table ${TABLE_ATTRS} width="100%"><tr><td style="${padding(m)}">`);
  const radius = b.borderRadius ? `border-radius:${b.borderRadius}px;` : "";
  h.raw(`<table ${TABLE_ATTRS} width="100%"`);
  if (tableClasses) h.raw(` class="${escapeAttr(tableClasses)}"`);
  h.raw(radius ? ' style="border-collapse:separate;"' : "");
  if (bg) h.raw(` bgcolor="${solidColor(bg)}"`);
  h.raw("><tr><td");
  if (cellClass) h.raw(` class="${cellClass}"`);
  if (o.align) h.raw(` align="${o.align}"`);
  if (o.valign) h.raw(` valign="${o.valign}"`);
  if (o.height) h.raw(` height="${o.height}"`);
  if (o.cellAttrs) h.raw(" " + o.cellAttrs);
  h.raw(` style="${padding(pad)}${bg ? `background-color:${cssColor(bg)};` : ""}${border(b.border)}${radius}${o.height ? `height:${o.height}px;` : ""}${o.cellStyle ?? ""}">`);
  const inset = pad.left + pad.right + 2 * borderWidth(b.border) + (hasMargin ? m.left + m.right : 0);
  ctx.withWidth(ctx.width - inset, () => ctx.withPainted(bg && bg !== "transparent", inner));
  h.raw("</td></tr></table>");
  if (hasMargin) h.raw("</td></tr></table>");
  if (b.hideOnDesktop) h.raw("</div><!--<![endif]-->");
}

/** Alignment default that follows the text direction. */
export function startAlign(ctx: RenderContext): "left" | "right" {
  return ctx.options.dir === "rtl" ? "right" : "left";
}

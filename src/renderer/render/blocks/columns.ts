import type { Column, ColumnsBlock } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, border, borderWidth, cssColor, cssUrl, padding, solidColor } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";

const RATIO_WEIGHT = { wide: 2, narrow: 1 / 3 };

export function columnWidths(b: ColumnsBlock, total: number): number[] {
  const n = b.columns.length;
  const w = new Array<number>(n).fill(1);
  const ratio = b.ratio ?? "equal";
  if (ratio !== "equal" && n > 1) {
    const [side, kind] = ratio.split("-") as ["left" | "right", "wide" | "narrow"];
    w[side === "left" ? 0 : n - 1] = RATIO_WEIGHT[kind];
  }
  const sum = w.reduce((a, x) => a + x, 0);
  return w.map((x) => Math.floor((total * x) / sum));
}

/** One column's box (background, padding, border) around its child blocks. */
function renderColumnBox(ctx: RenderContext, col: Column, width: number, gapLeft: number, gapRight: number): void {
  const pad = col.padding ?? { top: 0, right: 0, bottom: 0, left: 0 };
  const bgUrl = ctx.backgroundUrl(col.backgroundImage);
  const bgImage = bgUrl
    ? `background-image:url('${cssUrl(bgUrl)}');background-size:${col.backgroundSize ?? "cover"};background-position:${col.backgroundPosition ?? "center"};background-repeat:no-repeat;`
    : "";
  const gap = gapLeft || gapRight ? ` class="o-colpad" style="padding:0 ${gapRight}px 0 ${gapLeft}px;"` : "";
  ctx.h.raw(`<table ${TABLE_ATTRS} width="100%"><tr><td${gap}>`);
  ctx.h.raw(`<table ${TABLE_ATTRS} width="100%" style="border-collapse:separate;"><tr><td valign="${col.verticalAlign ?? "top"}"`);
  if (col.backgroundColor) ctx.h.raw(` bgcolor="${solidColor(col.backgroundColor)}"`);
  ctx.h.raw(` style="${padding(pad)}${col.backgroundColor ? `background-color:${cssColor(col.backgroundColor)};` : ""}${bgImage}${border(col.border)}${col.borderRadius ? `border-radius:${col.borderRadius}px;` : ""}">`);
  const inner = width - gapLeft - gapRight - pad.left - pad.right - 2 * borderWidth(col.border);
  ctx.withWidth(inner, () => ctx.renderBlocks(col.blocks));
  ctx.h.raw("</td></tr></table></td></tr></table>");
}

/** BL-06: hybrid ("spongy") columns — inline-block divs that stack without media queries, MSO tables for Outlook. */
export function renderColumns(ctx: RenderContext, b: ColumnsBlock): void {
  const stack = b.mobileStacking !== false && b.columns.some((c) => c.stackOnMobile !== false);
  const gap = b.columnGap ?? 16;
  ctx.css.addMobile(".o-colpad{padding-left:0!important;padding-right:0!important}");
  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    const widths = columnWidths(b, ctx.width);
    const n = b.columns.length;
    const visual = b.columns.map((col, i) => ({ col, width: widths[i]!, gapLeft: i > 0 ? gap >> 1 : 0, gapRight: i < n - 1 ? gap - (gap >> 1) : 0 }));
    const reverse = stack && b.mobileStackOrder === "reverse";
    const rtlBox = (b.direction === "rtl") !== reverse; // dir=rtl on the box flips the visual order of the DOM order
    const dom = reverse ? [...visual].reverse() : visual;
    const boxDir = rtlBox ? ' dir="rtl"' : "";
    const cellDir = rtlBox ? ` dir="${ctx.options.dir}"` : "";
    const va = b.verticalAlign ?? "top";
    if (!stack) {
      ctx.h.raw(`<table ${TABLE_ATTRS} width="100%"${boxDir}><tr>`);
      for (const c of dom) {
        ctx.h.raw(`<td width="${c.width}" valign="${va}"${cellDir} style="width:${c.width}px;">`);
        renderColumnBox(ctx, c.col, c.width, c.gapLeft, c.gapRight);
        ctx.h.raw("</td>");
      }
      ctx.h.raw("</tr></table>");
      return;
    }
    ctx.h.raw(`<div${boxDir} style="font-size:0;text-align:left;"><!--[if mso]><table ${TABLE_ATTRS} width="100%"${boxDir}><tr><![endif]-->`);
    for (const c of dom) {
      ctx.h.raw(`<!--[if mso]><td width="${c.width}" valign="${va}" style="width:${c.width}px;"><![endif]-->`);
      ctx.h.raw(`<div class="o-col"${cellDir} style="display:inline-block;vertical-align:${va};width:100%;max-width:${c.width}px;font-size:${ctx.theme.fontSize}px;">`);
      renderColumnBox(ctx, c.col, c.width, c.gapLeft, c.gapRight);
      ctx.h.raw("</div><!--[if mso]></td><![endif]-->");
    }
    ctx.h.raw("<!--[if mso]></tr></table><![endif]--></div>");
  });
}

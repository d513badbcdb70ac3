import type { TableBlock, TableCellValue } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { cssColor, fontFamily, fontWeight, solidColor } from "../styles.ts";
import { startAlign, wrapBlock } from "../wrap.ts";

interface CellCtx {
  tag: "th" | "td";
  col: number;
  bg?: string;
  color?: string;
  bold?: boolean;
}

function cellText(c: TableCellValue): string {
  return typeof c === "string" ? c : c.text;
}

/** BL-09: a real data table (not presentation) with header/footer, stripes and responsive modes. */
export function renderTable(ctx: RenderContext, b: TableBlock): void {
  const pad = b.cellPadding ?? 8;
  const borderColor = cssColor(b.borderColor ?? "#e4e4e7");
  const hidden = new Set(b.responsive === "hide-columns" ? b.hiddenColumns ?? [] : []);
  const cls = ctx.nextClass();
  if (b.responsive === "stack") ctx.css.addMobile(`.${cls} th,.${cls} td{display:block!important;width:100%!important;box-sizing:border-box}.${cls} thead{display:none!important}`);
  if (hidden.size) ctx.css.addMobile(`.${cls}-h{display:none!important}`);

  const cell = (c: TableCellValue, o: CellCtx) => {
    const rich = typeof c === "string" ? undefined : c;
    const align = rich?.align ?? b.columnAlign?.[o.col] ?? b.textAlign ?? startAlign(ctx);
    const bg = rich?.backgroundColor ?? o.bg;
    const width = b.columnWidths?.[o.col];
    let attrs = ` align="${align}"`;
    if (rich?.colSpan) attrs += ` colspan="${rich.colSpan}"`;
    if (rich?.rowSpan) attrs += ` rowspan="${rich.rowSpan}"`;
    if (o.tag === "th") attrs += ' scope="col"';
    const classes = (hidden.has(o.col) ? `${cls}-h ` : "") + (bg && !rich?.backgroundColor ? "o-surface" : "");
    if (classes) attrs += ` class="${classes.trim()}"`;
    if (bg) attrs += ` bgcolor="${solidColor(bg)}"`;
    const weight = rich?.fontWeight !== undefined ? fontWeight(rich.fontWeight) : o.bold ? "font-weight:bold;" : "";
    ctx.h.raw(`<${o.tag}${attrs} style="padding:${pad}px;border:1px solid ${borderColor};${bg ? `background-color:${cssColor(bg)};` : ""}${o.color ? `color:${cssColor(o.color)};` : ""}${weight}${width ? `width:${width}%;` : ""}">`);
    ctx.content(ctx.h, cellText(c));
    ctx.h.raw(`</${o.tag}>`);
  };
  const row = (cells: readonly TableCellValue[], o: Omit<CellCtx, "col">) => {
    ctx.h.raw("<tr>");
    cells.forEach((c, col) => cell(c, { ...o, col }));
    ctx.h.raw("</tr>");
  };

  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    if (b.responsive === "scroll") ctx.h.raw('<div style="overflow-x:auto;-webkit-overflow-scrolling:touch;">');
    ctx.h.raw(`<table class="${cls}" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;${fontFamily(ctx.theme.fontFamily)}font-size:${b.fontSize ?? 14}px;line-height:1.4;color:${cssColor(b.textColor ?? ctx.theme.textColor)};">`);
    if (b.caption) {
      ctx.h.raw(`<caption style="caption-side:top;text-align:${startAlign(ctx)};padding:0 0 8px 0;font-weight:bold;">`);
      ctx.content(ctx.h, b.caption);
      ctx.h.raw("</caption>");
    }
    if (b.headers?.length) {
      ctx.h.raw("<thead>");
      row(b.headers, { tag: "th", bg: b.headerBackgroundColor ?? "#f4f4f5", color: b.headerTextColor, bold: true });
      ctx.h.raw("</thead>");
    }
    ctx.h.raw("<tbody>");
    b.rows.forEach((r, i) => row(r, { tag: "td", bg: b.striped && i % 2 === 1 ? b.stripeColor ?? "#fafafa" : undefined }));
    ctx.h.raw("</tbody>");
    if (b.footer?.length) {
      ctx.h.raw("<tfoot>");
      row(b.footer, { tag: "td", bold: true });
      ctx.h.raw("</tfoot>");
    }
    ctx.h.raw("</table>");
    if (b.responsive === "scroll") ctx.h.raw("</div>");
  });
  tableText(ctx, b);
}

/** RN-07: a pipe table. */
function tableText(ctx: RenderContext, b: TableBlock): void {
  const { t } = ctx;
  if (b.caption) {
    ctx.content(t, b.caption);
    t.raw("\n");
  }
  const line = (cells: readonly TableCellValue[]) => {
    t.raw("|");
    for (const c of cells) {
      t.raw(" ");
      ctx.content(t, cellText(c));
      t.raw(" |");
    }
    t.raw("\n");
  };
  if (b.headers?.length) {
    line(b.headers);
    t.raw("|" + " --- |".repeat(b.headers.length) + "\n");
  }
  for (const r of b.rows) line(r);
  if (b.footer?.length) line(b.footer);
  t.raw("\n");
}

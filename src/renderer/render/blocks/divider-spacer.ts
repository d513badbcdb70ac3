import type { DividerBlock, SpacerBlock } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, cssColor } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";

const NO_PADDING = { top: 0, right: 0, bottom: 0, left: 0 };

export function renderDivider(ctx: RenderContext, b: DividerBlock): void {
  const align = b.align ?? "center";
  const thickness = b.thickness ?? 1;
  const color = cssColor(b.color ?? "#e4e4e7");
  wrapBlock(ctx, b, { background: b.backgroundColor, align }, () => {
    const pct = b.width ?? 100;
    ctx.h.raw(
      `<table ${TABLE_ATTRS} align="${align}" width="${pct}%" style="width:${pct}%;"><tr>` +
        `<td style="border-top:${thickness}px ${b.style ?? "solid"} ${color};font-size:0;line-height:0;height:0;mso-line-height-rule:exactly;">&nbsp;</td>` +
        "</tr></table>",
    );
  });
  ctx.t.raw("---\n\n");
}

export function renderSpacer(ctx: RenderContext, b: SpacerBlock): void {
  wrapBlock(ctx, b, { background: b.backgroundColor, defaultPadding: NO_PADDING }, () => {
    ctx.h.raw(
      `<div style="height:${b.height}px;line-height:${b.height}px;font-size:1px;mso-line-height-rule:exactly;">&nbsp;</div>`,
    );
  });
  ctx.t.raw("\n");
}

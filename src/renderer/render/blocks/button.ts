import type { ButtonBlock } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, border, borderWidth, cssColor, fontFamily, fontWeight, gradientCss, letterSpacing, solidColor, textTransform, vmlGradientFill } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";

interface ButtonGeometry {
  width: number | undefined; // px for VML and fixed-width HTML; undefined = fit text
  vmlWidth: number;
  height: number;
}

function geometry(ctx: RenderContext, b: ButtonBlock, fontSize: number, padX: number, padY: number): ButtonGeometry {
  const height = Math.round(fontSize * 1.25 + 2 * padY);
  let width: number | undefined;
  if (b.align === "full") width = ctx.width;
  else if (typeof b.buttonWidth === "number") width = Math.min(b.buttonWidth, ctx.width);
  else if (typeof b.buttonWidth === "string") width = Math.round((ctx.width * parseInt(b.buttonWidth, 10)) / 100);
  const estimate = Math.round(b.text.replace(/\{\{[^}]*\}\}/g, "xxxxxx").length * fontSize * 0.62 + 2 * padX);
  return { width, vmlWidth: Math.min(width ?? estimate, ctx.width), height };
}

/** Width of the HTML button: full and percentage widths stay fluid; fixed px widths go full width on mobile. */
function htmlWidth(b: ButtonBlock, g: ButtonGeometry): string {
  if (b.align === "full") return ' width="100%"';
  if (typeof b.buttonWidth === "string") return ` width="${b.buttonWidth}"`;
  return g.width !== undefined ? ` width="${g.width}" class="o-full"` : "";
}

/** BL-03 with the Outlook "bulletproof" VML roundrect (RN-05) and gradient fill (BL-18). */
export function renderButton(ctx: RenderContext, b: ButtonBlock): void {
  const th = ctx.theme;
  const bg = b.backgroundColor ?? th.button.backgroundColor ?? th.primaryColor;
  const color = cssColor(b.textColor ?? th.button.textColor);
  const radius = b.borderRadius ?? th.button.borderRadius;
  const fontSize = b.fontSize ?? th.button.fontSize;
  const padX = b.paddingX ?? th.button.paddingX;
  const padY = b.paddingY ?? th.button.paddingY;
  const font = fontFamily(b.fontFamily ?? th.fontFamily) + `font-size:${fontSize}px;` + fontWeight(b.fontWeight ?? th.button.fontWeight) +
    letterSpacing(b.letterSpacing) + textTransform(b.textTransform);
  const link = ctx.link(b.url, { text: b.text, blockId: b.id, blockType: "button", noTrack: b.noTrack });
  const align = b.align === "full" || !b.align ? "center" : b.align;
  const { h } = ctx;
  wrapBlock(ctx, b, { background: b.blockBackgroundColor, align }, () => {
    const g = geometry(ctx, b, fontSize, padX, padY);
    const stroke = b.buttonBorder && borderWidth(b.buttonBorder) ? `strokecolor="${solidColor(b.buttonBorder.color)}" strokeweight="${b.buttonBorder.width}px"` : 'stroke="f"';
    const arc = Math.min(50, Math.round((radius / g.height) * 100));
    h.raw('<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="');
    ctx.linkSlot(h, link);
    h.raw(`" style="height:${g.height}px;v-text-anchor:middle;width:${g.vmlWidth}px;" arcsize="${arc}%" ${stroke} fillcolor="${solidColor(bg)}">`);
    if (b.backgroundGradient) h.raw(vmlGradientFill(b.backgroundGradient));
    h.raw(`<w:anchorlock/><center style="color:${color};${font}">`);
    ctx.content(h, b.text);
    h.raw("</center></v:roundrect><![endif]-->");
    h.raw(`<!--[if !mso]><!--><table ${TABLE_ATTRS} align="${align}"${htmlWidth(b, g)} style="border-collapse:separate;${g.width ? "max-width:100%;" : ""}"><tr>`);
    h.raw(`<td align="center" bgcolor="${solidColor(bg)}" style="border-radius:${radius}px;background-color:${cssColor(bg)};${b.backgroundGradient ? gradientCss(b.backgroundGradient) : ""}">`);
    h.raw('<a href="');
    ctx.linkSlot(h, link);
    h.raw(`" target="${b.target ?? "_blank"}" style="display:${g.width ? "block" : "inline-block"};padding:${padY}px ${padX}px;color:${color};${font}line-height:1.25;text-align:center;text-decoration:none;border-radius:${radius}px;${border(b.buttonBorder)}">`);
    ctx.content(h, b.text);
    h.raw("</a></td></tr></table><!--<![endif]-->");
  });
  ctx.t.raw("[");
  ctx.content(ctx.t, b.text);
  ctx.t.raw("] (");
  ctx.linkSlot(ctx.t, link);
  ctx.t.raw(")\n\n");
}

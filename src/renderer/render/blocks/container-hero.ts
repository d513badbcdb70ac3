import type { ContainerBlock, HeroBlock } from "../../model/blocks.ts";
import type { GradientValue } from "../../model/common.ts";
import { escapeAttr } from "../../sanitize/escape.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, cssColor, cssUrl, gradientCss, solidColor, vmlGradientFill } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";

interface Backdrop {
  url: string | null;
  size?: string;
  position?: string;
  gradient?: GradientValue;
  color?: string;
  overlay?: string;
}

/** CSS background (image with optional overlay layer, or gradient) and the matching attribute for old clients. */
function backdropCss(d: Backdrop): { style: string; attrs: string } {
  const layers: string[] = [];
  if (d.overlay) layers.push(`linear-gradient(${cssColor(d.overlay)},${cssColor(d.overlay)})`);
  if (d.url) layers.push(`url('${cssUrl(d.url)}')`);
  let style = "";
  if (layers.length) {
    style = `background-image:${layers.join(",")};background-size:${d.size ?? "cover"};background-position:${d.position ?? "center"};background-repeat:no-repeat;`;
  } else if (d.gradient) style = gradientCss(d.gradient);
  return { style, attrs: d.url ? `background="${escapeAttr(d.url)}"` : "" };
}

/** Outlook VML rectangle behind the content (RN-05): image frame or gradient fill. */
function openVml(ctx: RenderContext, d: Backdrop, width: number, height?: number): boolean {
  if (!d.url && !d.gradient) return false;
  const size = height ? `width:${width}px;height:${height}px;` : `width:${width}px;`;
  const fill = d.url
    ? `<v:fill type="${d.size === "auto" ? "tile" : "frame"}" src="${escapeAttr(d.url)}" color="${solidColor(d.color ?? "#ffffff")}" />`
    : vmlGradientFill(d.gradient!);
  ctx.h.raw(
    `<!--[if mso]><v:rect xmlns:v="urn:schemas-microsoft-com:vml" fill="true" stroke="false" style="${size}">${fill}` +
      `<v:textbox ${height ? "" : 'style="mso-fit-shape-to-text:true" '}inset="0,0,0,0"><![endif]-->`,
  );
  return true;
}

function closeVml(ctx: RenderContext, opened: boolean): void {
  if (opened) ctx.h.raw("<!--[if mso]></v:textbox></v:rect><![endif]-->");
}

/** BL-07: a box of nested blocks with optional max width, background image or gradient. */
export function renderContainer(ctx: RenderContext, b: ContainerBlock): void {
  const d: Backdrop = { url: ctx.backgroundUrl(b.backgroundImage), size: b.backgroundSize, position: b.backgroundPosition, gradient: b.gradient, color: b.backgroundColor };
  const css = backdropCss(d);
  wrapBlock(ctx, b, { background: b.backgroundColor, cellStyle: css.style, cellAttrs: css.attrs }, () => {
    ctx.withPainted(d.url || d.gradient, () => {
      const vml = openVml(ctx, d, ctx.width);
      const max = Math.min(b.maxWidth ?? ctx.width, ctx.width);
      if (max < ctx.width) {
        ctx.h.raw(`<table ${TABLE_ATTRS} align="center" width="${max}" style="width:100%;max-width:${max}px;"><tr><td>`);
        ctx.withWidth(max, () => ctx.renderBlocks(b.items));
        ctx.h.raw("</td></tr></table>");
      } else ctx.renderBlocks(b.items);
      closeVml(ctx, vml);
    });
  });
}

/** BL-08: full-bleed background image or gradient with overlay, fixed or fluid height, VML for Outlook. */
export function renderHero(ctx: RenderContext, b: HeroBlock): void {
  const d: Backdrop = {
    url: ctx.backgroundUrl(b.backgroundImage), size: b.backgroundSize, position: b.backgroundPosition,
    gradient: b.gradient, color: b.backgroundColor, overlay: b.overlayColor,
  };
  const css = backdropCss(d);
  const fixed = b.mode !== "fluid-height";
  const height = fixed ? b.height ?? 320 : undefined;
  const pad = b.padding ?? { top: 40, right: 32, bottom: 40, left: 32 };
  wrapBlock(
    ctx,
    { ...b, padding: pad },
    { background: b.backgroundColor ?? (d.url ? "#333333" : undefined), cellStyle: css.style, cellAttrs: css.attrs, height, valign: b.verticalAlign ?? "middle" },
    () => {
      const vml = openVml(ctx, d, ctx.width + pad.left + pad.right, height);
      ctx.withPainted(true, () => ctx.renderBlocks(b.items));
      closeVml(ctx, vml);
    },
  );
}

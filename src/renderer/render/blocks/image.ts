import type { ImageBlock } from "../../model/blocks.ts";
import { escapeAttr } from "../../sanitize/escape.ts";
import { sanitizeUrl } from "../../sanitize/url.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";

export interface ImgOptions {
  src: string;
  alt: string;
  width: number;
  height?: number;
  title?: string;
  fluid: boolean;
  cls?: string;
  srcset?: string;
  sizes?: string;
  extraStyle?: string;
}

/** Emits one <img> with email-safe attributes; alt/title may hold tags. */
export function emitImg(ctx: RenderContext, o: ImgOptions): void {
  const { h } = ctx;
  h.raw('<img src="');
  ctx.imageSrc(h, o.src);
  h.raw('" alt="');
  ctx.content(h, o.alt);
  h.raw(`" width="${o.width}"`);
  if (o.height) h.raw(` height="${o.height}"`);
  if (o.title) {
    h.raw(' title="');
    ctx.content(h, o.title);
    h.raw('"');
  }
  const srcset = o.srcset && cleanSrcset(o.srcset);
  if (srcset) h.raw(` srcset="${escapeAttr(srcset)}"${o.sizes ? ` sizes="${escapeAttr(o.sizes)}"` : ""}`);
  const classes = [o.fluid ? "o-fluid" : "", o.cls ?? ""].filter(Boolean).join(" ");
  if (classes) h.raw(` class="${classes}"`);
  h.raw(
    ` style="display:block;width:100%;max-width:${o.width}px;height:auto;border:0;outline:none;text-decoration:none;${o.extraStyle ?? ""}" />`,
  );
}

function cleanSrcset(srcset: string): string {
  if (srcset.includes("{{")) return "";
  return srcset
    .split(",")
    .map((c) => c.trim().split(/\s+/))
    .filter(([url, d]) => url && sanitizeUrl(url, "image") !== null && (!d || /^\d+(\.\d+)?[wx]$/.test(d)))
    .map((c) => c.join(" "))
    .join(", ");
}

/** Opens an <a> around linked content; returns the link index (or -1). */
export function openLink(ctx: RenderContext, url: string | undefined, text: string, b: { id: string; type: string }, style = ""): number {
  if (!url) return -1;
  const index = ctx.link(url, { text, blockId: b.id, blockType: b.type });
  ctx.h.raw('<a href="');
  ctx.linkSlot(ctx.h, index);
  ctx.h.raw(`" target="_blank" style="text-decoration:none;${style}">`);
  return index;
}

export function renderImage(ctx: RenderContext, b: ImageBlock): void {
  const align = b.align ?? "center";
  const alt = b.decorative ? "" : b.alt ?? "";
  const fluid = b.fluidOnMobile !== false;
  let link = -1;
  wrapBlock(ctx, b, { background: b.backgroundColor, align }, () => {
    const width = Math.min(b.width ?? ctx.width, ctx.width);
    const full = fluid ? ' class="o-full"' : "";
    ctx.h.raw(`<table ${TABLE_ATTRS} align="${align}"${full} style="border-collapse:collapse;"><tr><td${full} style="width:${width}px;">`);
    link = openLink(ctx, b.linkUrl, alt ? `[image] ${alt}` : "[image]", b);
    const img = { src: b.src, alt, width, height: b.height, title: b.title, fluid, srcset: b.srcset, sizes: b.sizes };
    if (b.darkSrc && ctx.hasImage(b.darkSrc)) {
      emitImg(ctx, { ...img, cls: "o-light-img" });
      ctx.h.raw('<!--[if !mso]><!--><div class="o-dark-img" style="display:none;overflow:hidden;max-height:0;mso-hide:all;">');
      emitImg(ctx, { ...img, src: b.darkSrc, srcset: undefined });
      ctx.h.raw("</div><!--<![endif]-->");
    } else emitImg(ctx, img);
    if (link !== -1) ctx.h.raw("</a>");
    ctx.h.raw("</td></tr></table>");
  });
  imageText(ctx, alt, link);
}

/** RN-07: "[Image: alt]" plus " (url)" for linked images; decorative images without alt print nothing. */
export function imageText(ctx: RenderContext, alt: string, link: number): void {
  if (!alt && link === -1) return;
  ctx.t.raw("[Image");
  if (alt) {
    ctx.t.raw(": ");
    ctx.content(ctx.t, alt);
  }
  ctx.t.raw("]");
  if (link !== -1) {
    ctx.t.raw(" (");
    ctx.linkSlot(ctx.t, link);
    ctx.t.raw(")");
  }
  ctx.t.raw("\n\n");
}

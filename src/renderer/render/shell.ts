import { escapeAttr } from "../sanitize/escape.ts";
import { sanitizeUrl } from "../sanitize/url.ts";
import { SLOT_PIXEL, type Part } from "../template/program.ts";
import type { RenderContext } from "./context.ts";
import { TABLE_ATTRS, fontFamily } from "./styles.ts";

const PREHEADER_FILL = "&#847;&zwnj;&nbsp;".repeat(40);

/** <head> through the opening of the content cell (RN-01 "document wrapper"). */
export function emitDocumentStart(ctx: RenderContext, body: Part[]): void {
  const { h, theme, options: o } = ctx;
  const fonts = o.fontUrls
    .map((u) => sanitizeUrl(u, "link"))
    .filter((u): u is string => !!u && u.startsWith("https://"))
    .map((u) => `<link href="${escapeAttr(u)}" rel="stylesheet" type="text/css">`)
    .join("");
  h.raw(`<!DOCTYPE html><html lang="${o.lang}" dir="${o.dir}" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><head>`);
  h.raw('<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="X-UA-Compatible" content="IE=edge">');
  h.raw('<meta name="x-apple-disable-message-reformatting"><meta name="format-detection" content="telephone=no,address=no,email=no,date=no,url=no">');
  if (o.darkMode || o.previewDark) h.raw('<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">');
  h.raw("<title>");
  ctx.content(h, o.title);
  h.raw("</title>");
  h.raw("<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->");
  if (fonts) h.raw(`<!--[if !mso]><!-->${fonts}<!--<![endif]-->`);
  h.raw(`<style>${ctx.css.styleSheet()}</style></head>`);
  const bg = theme.backgroundColor;
  h.raw(`<body class="o-body" style="margin:0;padding:0;width:100%;word-spacing:normal;background-color:${bg};">`);
  h.raw(`<div role="article" aria-roledescription="email" lang="${o.lang}" dir="${o.dir}" aria-label="`);
  ctx.content(h, o.title);
  h.raw(`" class="o-body" style="background-color:${bg};">`);
  if (o.preheader) {
    h.raw('<div style="display:none;font-size:1px;color:transparent;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">');
    ctx.content(h, o.preheader);
    h.raw(PREHEADER_FILL + "</div>");
  }
  h.raw(`<table ${TABLE_ATTRS} width="100%" class="o-body" style="background-color:${bg};"><tr><td align="center" style="padding:0;">`);
  h.raw(`<!--[if mso]><table ${TABLE_ATTRS} align="center" width="${theme.width}"><tr><td><![endif]-->`);
  h.raw(`<div class="o-wrap" style="max-width:${theme.width}px;margin:0 auto;">`);
  h.raw(`<table ${TABLE_ATTRS} width="100%" class="o-content" style="background-color:${theme.contentBackgroundColor};max-width:${theme.width}px;">`);
  h.raw(`<tr><td style="padding:0;${fontFamily(theme.fontFamily)}">`);
  h.append(body);
}

export function emitDocumentEnd(ctx: RenderContext): void {
  const { h } = ctx;
  h.raw("</td></tr></table></div><!--[if mso]></td></tr></table><![endif]--></td></tr></table>");
  if (ctx.options.trackingPixel) h.slot({ k: SLOT_PIXEL });
  h.raw("</div></body></html>");
}

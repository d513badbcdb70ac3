import type { ProgressBarBlock, SocialBlock, SocialPlatform } from "../../model/blocks.ts";
import type { RenderContext } from "../context.ts";
import { TABLE_ATTRS, cssColor, fontFamily, solidColor } from "../styles.ts";
import { wrapBlock } from "../wrap.ts";
import { emitImg } from "./image.ts";

/** BL-16: two-cell bar (filled / track) with the label inside or to the right. */
export function renderProgressBar(ctx: RenderContext, b: ProgressBarBlock): void {
  const max = b.maxValue ?? 100;
  const pct = Math.max(0, Math.min(100, Math.round((b.value / max) * 100)));
  const height = b.height ?? 16;
  const radius = b.barRadius ?? Math.floor(height / 2);
  const bar = b.barColor ?? ctx.theme.primaryColor;
  const track = b.trackColor ?? "#e4e4e7";
  const label = `${pct}%`;
  const labelStyle = `${fontFamily(ctx.theme.fontFamily)}font-size:${b.labelFontSize ?? 12}px;color:${cssColor(b.labelColor ?? (b.labelPosition === "inside" ? "#ffffff" : ctx.theme.textColor))};`;
  const inside = b.showLabel && b.labelPosition === "inside";
  wrapBlock(ctx, b, { background: b.backgroundColor, themedText: true }, () => {
    ctx.h.raw(`<table ${TABLE_ATTRS} width="100%"><tr><td valign="middle">`);
    ctx.h.raw(`<table ${TABLE_ATTRS} width="100%" style="border-collapse:separate;"><tr><td bgcolor="${solidColor(track)}" style="background-color:${cssColor(track)};border-radius:${radius}px;height:${height}px;padding:0;font-size:0;line-height:0;">`);
    if (pct > 0) {
      ctx.h.raw(`<table ${TABLE_ATTRS} width="${pct}%" style="width:${pct}%;border-collapse:separate;"><tr><td bgcolor="${solidColor(bar)}" align="center" height="${height}" style="background-color:${cssColor(bar)};border-radius:${radius}px;height:${height}px;line-height:${height}px;mso-line-height-rule:exactly;${inside ? labelStyle : "font-size:0;"}">${inside ? label : "&nbsp;"}</td></tr></table>`);
    } else ctx.h.raw("&nbsp;");
    ctx.h.raw("</td></tr></table></td>");
    if (b.showLabel && !inside) ctx.h.raw(`<td width="56" align="right" valign="middle" style="width:56px;padding:0 0 0 8px;${labelStyle}">${label}</td>`);
    ctx.h.raw("</tr></table>");
  });
  ctx.t.raw(`[Progress: ${label}]\n\n`);
}

const PLATFORM_NAMES: Record<SocialPlatform, string> = {
  x: "X", facebook: "Facebook", instagram: "Instagram", linkedin: "LinkedIn", youtube: "YouTube", tiktok: "TikTok",
  github: "GitHub", whatsapp: "WhatsApp", telegram: "Telegram", threads: "Threads", pinterest: "Pinterest",
  discord: "Discord", mastodon: "Mastodon", bluesky: "Bluesky", vimeo: "Vimeo", medium: "Medium", snapchat: "Snapchat",
};

/** BL-17: icon links (custom icon, or {assetBaseUrl}/social/{platform}-{style}.png); text links when no icon source. */
export function renderSocial(ctx: RenderContext, b: SocialBlock): void {
  const links = b.links.filter((l) => l.enabled !== false);
  const size = b.iconSize ?? 32;
  const spacing = b.iconSpacing ?? 8;
  const vertical = b.layout === "vertical";
  const font = `${fontFamily(ctx.theme.fontFamily)}font-size:14px;color:${cssColor(b.iconColor ?? ctx.theme.textColor)};text-decoration:none;`;
  const indexes = links.map((l) => ctx.link(l.url, { text: l.label ?? PLATFORM_NAMES[l.platform], blockId: b.id, blockType: "social" }));
  wrapBlock(ctx, b, { background: b.backgroundColor, align: b.align ?? "center", themedText: true }, () => {
    ctx.h.raw(`<table ${TABLE_ATTRS} align="${b.align ?? "center"}">${vertical ? "" : "<tr>"}`);
    links.forEach((l, i) => {
      const name = l.label ?? PLATFORM_NAMES[l.platform];
      const icon = l.iconUrl ?? (ctx.options.assetBaseUrl ? `${ctx.options.assetBaseUrl}/social/${l.platform}-${b.iconStyle ?? "filled"}.png` : "");
      ctx.h.raw(`${vertical ? "<tr>" : ""}<td valign="middle" style="padding:${vertical ? `${spacing >> 1}px 0` : `0 ${spacing >> 1}px`};"><a href="`);
      ctx.linkSlot(ctx.h, indexes[i]!);
      ctx.h.raw(`" target="_blank" style="${font}">`);
      if (icon && ctx.hasImage(icon)) {
        ctx.h.raw(`<table ${TABLE_ATTRS}><tr><td style="width:${size}px;">`);
        emitImg(ctx, { src: icon, alt: name, width: size, height: size, fluid: false });
        ctx.h.raw("</td>");
        if (b.showLabels) {
          ctx.h.raw(`<td style="padding-left:6px;${font}">`);
          ctx.content(ctx.h, name);
          ctx.h.raw("</td>");
        }
        ctx.h.raw("</tr></table>");
      } else ctx.content(ctx.h, name);
      ctx.h.raw(`</a></td>${vertical ? "</tr>" : ""}`);
    });
    ctx.h.raw(`${vertical ? "" : "</tr>"}</table>`);
  });
  links.forEach((l, i) => {
    ctx.content(ctx.t, l.label ?? PLATFORM_NAMES[l.platform]);
    ctx.t.raw(": ");
    ctx.linkSlot(ctx.t, indexes[i]!);
    ctx.t.raw("\n");
  });
  if (links.length) ctx.t.raw("\n");
}

import { SLOT_IF, resolveRef } from "../template/program.ts";
import type { RenderContext } from "./context.ts";
import type { FooterOptions } from "./options.ts";
import { TABLE_ATTRS, cssColor, fontFamily } from "./styles.ts";

/** Sender-added parts around the document: "view in browser" line and the mandatory footer (ED-07). */

function smallCell(ctx: RenderContext, color: string, pad: string): void {
  ctx.h.raw(`<table ${TABLE_ATTRS} width="100%"><tr><td class="o-t" align="center" style="padding:${pad};${fontFamily(ctx.theme.fontFamily)}font-size:12px;line-height:1.5;color:${color};">`);
}

function systemLink(ctx: RenderContext, variable: string, label: string, color: string): number {
  const index = ctx.link(`{{${variable}}}`, { text: label, blockId: "footer", blockType: "footer", noTrack: true });
  ctx.h.raw('<a href="');
  ctx.linkSlot(ctx.h, index);
  ctx.h.raw(`" data-no-track style="color:${color};text-decoration:underline;">`);
  ctx.content(ctx.h, label);
  ctx.h.raw("</a>");
  return index;
}

/** Shown only when the recipient has a viewInBrowserUrl. */
export function renderViewInBrowser(ctx: RenderContext, label: string): void {
  const ref = resolveRef("viewInBrowserUrl", []);
  const inner = ctx.capture(() => {
    smallCell(ctx, "#71717a", "8px 24px");
    const link = systemLink(ctx, "viewInBrowserUrl", label, "#71717a");
    ctx.h.raw("</td></tr></table>");
    ctx.content(ctx.t, label);
    ctx.t.raw(": ");
    ctx.linkSlot(ctx.t, link);
    ctx.t.raw("\n\n");
  });
  ctx.h.slot({ k: SLOT_IF, ref, op: "exists", value: "", body: inner.html });
  ctx.t.slot({ k: SLOT_IF, ref, op: "exists", value: "", body: inner.text });
}

export function renderFooter(ctx: RenderContext, f: FooterOptions): void {
  const color = cssColor(f.textColor && /^#[0-9a-fA-F]{3,8}$/.test(f.textColor) ? f.textColor : "#71717a");
  const unsubscribe = f.unsubscribeText ?? "Unsubscribe";
  ctx.t.raw("--\n");
  smallCell(ctx, color, "24px 24px 32px 24px");
  if (f.organizationName) {
    ctx.h.raw("<strong>");
    ctx.both(f.organizationName);
    ctx.h.raw("</strong><br>");
    ctx.t.raw("\n");
  }
  ctx.both(f.address);
  ctx.h.raw("<br><br>");
  ctx.t.raw("\n\n");
  const u = systemLink(ctx, "unsubscribeUrl", unsubscribe, color);
  ctx.content(ctx.t, unsubscribe);
  ctx.t.raw(": ");
  ctx.linkSlot(ctx.t, u);
  ctx.t.raw("\n");
  if (f.preferencesText) {
    ctx.h.raw(" &middot; ");
    const p = systemLink(ctx, "preferencesUrl", f.preferencesText, color);
    ctx.content(ctx.t, f.preferencesText);
    ctx.t.raw(": ");
    ctx.linkSlot(ctx.t, p);
    ctx.t.raw("\n");
  }
  ctx.h.raw("</td></tr></table>");
}

import type { EmailDocument } from "../model/document.ts";
import { InvalidDocumentError } from "../model/errors.ts";
import { resolveTheme, type ThemeInput } from "../model/theme.ts";
import type { CompiledEmail } from "../template/compiled.ts";
import { ProgramBuilder, SLOT_VAR, resolveRef, staticLength, type Part } from "../template/program.ts";
import { parseTemplate } from "../template/tags.ts";
import { validateDocument } from "../validate/document.ts";
import { renderBlock } from "./blocks/index.ts";
import { renderFooter, renderViewInBrowser } from "./chrome.ts";
import { RenderContext } from "./context.ts";
import { resolveOptions, type RenderOptions } from "./options.ts";
import { emitDocumentEnd, emitDocumentStart } from "./shell.ts";

/**
 * Compile once (RN-01): validate, render every block to HTML and plain-text programs, wrap the document,
 * and return the compiled form that personalize() runs per recipient. Throws InvalidDocumentError
 * (with per-block errors) when the document cannot be rendered; malformed {{tags}} are printed literally.
 */
export function compile(doc: unknown, theme: ThemeInput = {}, options: RenderOptions = {}): CompiledEmail {
  const checked = validateDocument(doc, { checkTags: false, scanStrings: false });
  if (!checked.ok) throw new InvalidDocumentError(checked.errors);
  const ctx = new RenderContext(resolveTheme(theme), resolveOptions(options));
  ctx.renderBlocks = (blocks) => {
    for (const b of blocks) renderBlock(ctx, b);
  };
  if (ctx.options.viewInBrowserText) renderViewInBrowser(ctx, ctx.options.viewInBrowserText);
  ctx.renderBlocks((doc as EmailDocument).blocks);
  if (ctx.options.footer) renderFooter(ctx, ctx.options.footer);
  const body = ctx.h.finish();
  const generated = tidyText(ctx.t.finish());
  const override = ctx.options.plainTextOverride;
  const text = override === undefined ? generated : compileTemplateString(override.replace(/\s*$/, "\n"));
  ctx.h = new ProgramBuilder(true);
  emitDocumentStart(ctx, body);
  emitDocumentEnd(ctx);
  const html = ctx.h.finish();
  const subject = compileTemplateString(ctx.options.subject, ctx.aliases);
  const preheader = compileTemplateString(ctx.options.preheader, ctx.aliases);
  for (const s of [ctx.options.subject, ctx.options.preheader, override ?? ""]) for (const seg of parseTemplate(s)) if (typeof seg !== "string") ctx.variables.add(seg.name);
  return {
    format: 1,
    html,
    text,
    subject,
    preheader,
    links: ctx.links,
    linkSlots: ctx.linkSlots,
    variables: [...ctx.variables].sort(),
    staticHtmlLength: staticLength(html),
  };
}

/** Compiles a plain template string (subject, sender name…) to raw-text parts for runParts(). */
export function compileTemplateString(s: string, aliases: string[] = []): Part[] {
  const b = new ProgramBuilder(false);
  for (const seg of parseTemplate(s)) {
    if (typeof seg === "string") b.raw(seg);
    else b.slot({ k: SLOT_VAR, ref: resolveRef(seg.name, aliases), fallback: seg.fallback ?? "", escape: false, urlEncode: false });
  }
  return b.finish();
}

const LOOSE_TEXT = /[ \t]\n|\n\n\n/;

/** Collapses runs of blank lines in the static text and trims the ends. */
function tidyText(parts: Part[]): Part[] {
  const out = parts.map((p) => (typeof p === "string" && LOOSE_TEXT.test(p) ? p.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n") : p));
  if (typeof out[0] === "string") out[0] = out[0].replace(/^\s+/, "");
  const last = out.length - 1;
  if (typeof out[last] === "string") out[last] = (out[last] as string).replace(/\s+$/, "") + "\n";
  return out.filter((p) => p !== "");
}

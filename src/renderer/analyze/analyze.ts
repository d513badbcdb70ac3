import type { Block } from "../model/blocks.ts";
import type { EmailDocument } from "../model/document.ts";
import { InvalidDocumentError, type DocumentError } from "../model/errors.ts";
import { resolveTheme, type Theme, type ThemeInput } from "../model/theme.ts";
import { compile } from "../render/compile.ts";
import type { RenderOptions } from "../render/options.ts";
import type { CompiledEmail } from "../template/compiled.ts";
import { personalize, type PersonalizedEmail } from "../template/personalize.ts";
import type { Recipient } from "../template/values.ts";
import { validateDocument } from "../validate/document.ts";
import { checkBlock } from "./block-checks.ts";

export interface AnalysisIssue {
  code: string;
  severity: "error" | "warning" | "info";
  category: "compatibility" | "accessibility" | "deliverability";
  message: string;
  blockId?: string;
  blockType?: string;
}

export interface AnalysisReport {
  /** 0–100 email health (RN-11) */
  score: number;
  band: "excellent" | "good" | "fair" | "poor";
  categories: Record<AnalysisIssue["category"], number>;
  issues: AnalysisIssue[];
  /** UTF-8 size of the rendered HTML (sample recipient) */
  htmlBytes: number;
  /** Gmail clips messages whose HTML exceeds 102 KB */
  gmailClipped: boolean;
  stats: { blocks: number; images: number; links: number; textLength: number; styleBytes: number };
}

export interface AnalyzeInput {
  document: unknown;
  theme?: ThemeInput;
  options?: RenderOptions;
  /** sample recipient used to measure the personalized size */
  recipient?: Recipient;
  /** marketing mail must carry an unsubscribe link */
  kind?: "marketing" | "transactional";
  /** reuse an existing compile/render (the editor preview already has them) */
  compiled?: CompiledEmail;
  rendered?: PersonalizedEmail;
}

const GMAIL_CLIP_BYTES = 102 * 1024;
const PENALTY = { error: 20, warning: 6, info: 1 } as const;
const VAGUE = new Set(["click here", "here", "click", "read more", "more", "learn more", "link", "this", "this link", "go", "details"]);
const IMAGE_TYPES = new Set(["image", "video", "carousel", "hero"]);

/** Validator + analyzer (RN-09, RN-10) with a 0–100 health score (RN-11). Never throws on a bad document. */
export function analyzeEmail(input: AnalyzeInput): AnalysisReport {
  const issues: AnalysisIssue[] = [];
  const checked = validateDocument(input.document);
  if (!checked.ok) return failed(checked.errors);
  let theme: Theme;
  try {
    theme = resolveTheme(input.theme);
  } catch (e) {
    if (e instanceof InvalidDocumentError) return failed(e.errors);
    throw e;
  }
  const compiled = input.compiled ?? compile(checked.document, input.theme, input.options);
  const rendered = input.rendered ?? personalize(compiled, input.recipient ?? {});
  const blocks = walkDocument(checked.document, theme, issues);
  const htmlBytes = Buffer.byteLength(rendered.html, "utf8");
  const styleBytes = styleSize(rendered.html);
  const stats = { blocks: blocks.count, images: blocks.images, links: compiled.links.length, textLength: rendered.text.length, styleBytes };
  htmlChecks(htmlBytes, stats, issues);
  linkChecks(compiled, input.kind ?? "marketing", input.options, issues);
  subjectChecks(input.options, issues);
  return report(issues, htmlBytes, stats, false);
}

/** An input that cannot be rendered scores 0 and lists why. */
function failed(errors: DocumentError[]): AnalysisReport {
  const issues: AnalysisIssue[] = errors.map((e) => ({ code: e.code, severity: "error", category: "compatibility", message: e.message, blockId: e.blockId, blockType: e.blockType }));
  return report(issues, 0, { blocks: 0, images: 0, links: 0, textLength: 0, styleBytes: 0 }, true);
}

function walkDocument(doc: EmailDocument, theme: Theme, issues: AnalysisIssue[]): { count: number; images: number } {
  let count = 0;
  let images = 0;
  let lastHeading = 0;
  const emit = (i: Omit<AnalysisIssue, "blockId" | "blockType">, b: Block) => issues.push({ ...i, blockId: b.id, blockType: b.type });
  const visit = (list: readonly Block[], bg: string) => {
    for (const b of list) {
      count++;
      if (IMAGE_TYPES.has(b.type)) images++;
      checkBlock(b, theme, bg, emit);
      if (b.type === "text" && b.blockType && b.blockType !== "paragraph") {
        const level = Number(b.blockType[1]);
        if (level > lastHeading + 1) emit({ code: "SKIPPED_HEADING", severity: "info", category: "accessibility", message: `Heading level h${level} follows h${lastHeading || "-"}` }, b);
        lastHeading = level;
      }
      const inner = ("backgroundColor" in b && b.backgroundColor) || bg;
      if (b.type === "container" || b.type === "hero") visit(b.items, inner);
      else if (b.type === "columns") for (const c of b.columns) visit(c.blocks, c.backgroundColor ?? inner);
      else if (b.type === "accordion") for (const s of b.sections) visit(s.items, b.contentBackgroundColor ?? inner);
    }
  };
  visit(doc.blocks, theme.contentBackgroundColor);
  if (count > 100) issues.push({ code: "MANY_BLOCKS", severity: "info", category: "compatibility", message: `${count} blocks; long emails are often clipped or skimmed` });
  return { count, images };
}

function styleSize(html: string): number {
  const start = html.indexOf("<style>");
  const end = html.indexOf("</style>", start);
  return start === -1 || end === -1 ? 0 : end - start - 7;
}

function htmlChecks(bytes: number, s: AnalysisReport["stats"], issues: AnalysisIssue[]): void {
  const kb = Math.round(bytes / 102.4) / 10;
  if (bytes > GMAIL_CLIP_BYTES) issues.push({ code: "GMAIL_CLIPPING", severity: "error", category: "deliverability", message: `HTML is ${kb} KB; Gmail clips messages over 102 KB (and hides the unsubscribe link)` });
  else if (bytes > GMAIL_CLIP_BYTES * 0.85) issues.push({ code: "NEAR_GMAIL_CLIPPING", severity: "warning", category: "deliverability", message: `HTML is ${kb} KB, close to Gmail's 102 KB clipping limit` });
  if (s.styleBytes > 8 * 1024) issues.push({ code: "LARGE_STYLE", severity: "warning", category: "compatibility", message: "The <style> block exceeds 8 KB; Gmail may drop it" });
  if (s.images > 20) issues.push({ code: "MANY_IMAGES", severity: "warning", category: "deliverability", message: `${s.images} images (more than 20)` });
  if (s.links > 60) issues.push({ code: "MANY_LINKS", severity: "warning", category: "deliverability", message: `${s.links} links (more than 60)` });
  if (s.images > 0 && s.textLength < 200) issues.push({ code: "IMAGE_HEAVY", severity: "warning", category: "deliverability", message: "Little text for the images; spam filters favour a healthy text-to-image ratio" });
}

function linkChecks(c: CompiledEmail, kind: string, options: RenderOptions | undefined, issues: AnalysisIssue[]): void {
  for (const l of c.links) {
    if (VAGUE.has(l.text.trim().toLowerCase().replace(/[.!…:]+$/, ""))) {
      issues.push({ code: "VAGUE_LINK_TEXT", severity: "warning", category: "accessibility", message: `Link text "${l.text}" does not say where it goes`, blockId: l.blockId, blockType: l.blockType });
    }
  }
  const hasUnsubscribe = !!options?.footer || c.variables.includes("unsubscribeUrl");
  if (kind === "marketing" && !hasUnsubscribe) issues.push({ code: "NO_UNSUBSCRIBE", severity: "warning", category: "deliverability", message: "No unsubscribe link ({{unsubscribeUrl}} or the footer option)" });
}

function subjectChecks(o: RenderOptions | undefined, issues: AnalysisIssue[]): void {
  const subject = o?.subject?.trim() ?? "";
  if (!subject) issues.push({ code: "NO_SUBJECT", severity: "info", category: "deliverability", message: "No subject line" });
  else {
    if (subject.length > 70) issues.push({ code: "LONG_SUBJECT", severity: "warning", category: "deliverability", message: `Subject has ${subject.length} characters; over 70 get cut off` });
    const letters = subject.replace(/\{\{[^}]*\}\}/g, "").replace(/[^A-Za-z]/g, "");
    if (letters.length >= 6 && letters === letters.toUpperCase()) issues.push({ code: "CAPS_SUBJECT", severity: "warning", category: "deliverability", message: "Subject is in ALL CAPS" });
  }
  if (!o?.preheader?.trim()) issues.push({ code: "NO_PREHEADER", severity: "info", category: "deliverability", message: "No preheader text; clients will show the first body text instead" });
}

function report(issues: AnalysisIssue[], htmlBytes: number, stats: AnalysisReport["stats"], invalid: boolean): AnalysisReport {
  const categories = { compatibility: 100, accessibility: 100, deliverability: 100 };
  let score = invalid ? 0 : 100;
  for (const i of issues) {
    categories[i.category] = Math.max(0, categories[i.category] - PENALTY[i.severity]);
    if (!invalid) score -= PENALTY[i.severity];
  }
  score = Math.max(0, Math.min(100, score));
  const band = score >= 90 ? "excellent" : score >= 70 ? "good" : score >= 50 ? "fair" : "poor";
  return { score, band, categories, issues, htmlBytes, gmailClipped: htmlBytes > GMAIL_CLIP_BYTES, stats };
}

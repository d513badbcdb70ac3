import type { Block, ButtonBlock, TextBlock } from "../model/blocks.ts";
import type { Theme } from "../model/theme.ts";
import { contrastRatio } from "./contrast.ts";
import type { AnalysisIssue } from "./analyze.ts";

type Emit = (issue: Omit<AnalysisIssue, "blockId" | "blockType">, b: Block) => void;

const TAG = /<[^>]*>/g; // only to measure visible text of already-validated rich text, never to sanitize

function lowContrast(fg: string, bg: string, min: number): number | null {
  const r = contrastRatio(fg, bg);
  return r !== null && r < min ? Math.round(r * 100) / 100 : null;
}

function checkText(b: TextBlock, theme: Theme, bg: string, emit: Emit): void {
  if (!b.html.replace(TAG, "").trim()) emit({ code: "EMPTY_TEXT", severity: "warning", category: "compatibility", message: "Text block is empty" }, b);
  const heading = b.blockType && b.blockType !== "paragraph" ? theme.headings[b.blockType] : undefined;
  const color = b.textColor ?? heading?.color ?? theme.textColor;
  const size = b.fontSize ?? heading?.fontSize ?? theme.fontSize;
  const r = lowContrast(color, b.backgroundColor ?? bg, size >= 24 ? 3 : 4.5);
  if (r !== null) emit({ code: "LOW_CONTRAST", severity: "warning", category: "accessibility", message: `Text contrast ${r}:1 is below ${size >= 24 ? 3 : 4.5}:1` }, b);
}

function checkButton(b: ButtonBlock, theme: Theme, emit: Emit): void {
  if (!b.text.trim()) emit({ code: "BUTTON_NO_TEXT", severity: "error", category: "accessibility", message: "Button has no text" }, b);
  if (!b.url.trim() || b.url.trim() === "#") emit({ code: "BUTTON_NO_URL", severity: "error", category: "compatibility", message: "Button has no link" }, b);
  const r = lowContrast(b.textColor ?? theme.button.textColor, b.backgroundColor ?? theme.button.backgroundColor ?? theme.primaryColor, 4.5);
  if (r !== null) emit({ code: "LOW_CONTRAST", severity: "warning", category: "accessibility", message: `Button text contrast ${r}:1 is below 4.5:1` }, b);
}

/** RN-09 checks of one block (children are visited by the caller). */
export function checkBlock(b: Block, theme: Theme, bg: string, emit: Emit): void {
  switch (b.type) {
    case "text":
      return checkText(b, theme, bg, emit);
    case "button":
      return checkButton(b, theme, emit);
    case "image":
      if (!b.src.trim()) emit({ code: "IMAGE_NO_SRC", severity: "error", category: "compatibility", message: "Image has no source" }, b);
      if (!b.decorative && !b.alt?.trim()) emit({ code: "MISSING_ALT", severity: "warning", category: "accessibility", message: "Image has no alt text (mark it decorative if it carries no meaning)" }, b);
      return;
    case "video":
      if (!b.videoUrl.trim() || !b.thumbnailUrl.trim()) emit({ code: "VIDEO_INCOMPLETE", severity: "error", category: "compatibility", message: "Video needs a video URL and a thumbnail" }, b);
      return;
    case "table":
      if (!b.rows.length) emit({ code: "EMPTY_TABLE", severity: "warning", category: "compatibility", message: "Table has no rows" }, b);
      if (!b.caption) emit({ code: "TABLE_NO_CAPTION", severity: "info", category: "accessibility", message: "Table has no caption" }, b);
      return;
    case "columns":
      if (b.columns.every((c) => !c.blocks.length)) emit({ code: "EMPTY_COLUMNS", severity: "warning", category: "compatibility", message: "Columns are empty" }, b);
      return;
    case "carousel":
      if (b.images.some((i) => !i.alt?.trim())) emit({ code: "MISSING_ALT", severity: "warning", category: "accessibility", message: "Carousel image without alt text" }, b);
      return;
    case "list":
      if (b.listType === "icon" && !b.iconUrl) emit({ code: "LIST_NO_ICON", severity: "warning", category: "compatibility", message: "Icon list without an icon URL" }, b);
      return;
    case "progressBar":
      if (b.value > (b.maxValue ?? 100)) emit({ code: "PROGRESS_OVER_MAX", severity: "warning", category: "compatibility", message: "Progress value exceeds its maximum" }, b);
      return;
    case "rawHtml":
      emit({ code: "RAW_HTML", severity: "info", category: "compatibility", message: "Raw HTML is sanitized and not checked for client support" }, b);
      return;
  }
}

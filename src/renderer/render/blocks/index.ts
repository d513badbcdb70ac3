import type { Block, BlockType } from "../../model/blocks.ts";
import { SLOT_EACH, SLOT_IF, resolveRef } from "../../template/program.ts";
import { isValidBlockShape } from "../../validate/document.ts";
import type { RenderContext } from "../context.ts";
import { renderButton } from "./button.ts";
import { renderColumns } from "./columns.ts";
import { renderContainer, renderHero } from "./container-hero.ts";
import { renderDivider, renderSpacer } from "./divider-spacer.ts";
import { renderImage } from "./image.ts";
import { renderCarousel, renderList, renderMenu } from "./menu-carousel-list.ts";
import { renderProgressBar, renderSocial } from "./progress-social.ts";
import { renderAccordion, renderRawHtml, renderVideo } from "./raw-video-accordion.ts";
import { renderTable } from "./table.ts";
import { renderText } from "./text.ts";

type Renderer = (ctx: RenderContext, block: any) => void;

/** One renderer per block type; each emits HTML and plain text into the context's two programs. */
export const BLOCK_RENDERERS: Record<BlockType, Renderer> = {
  text: renderText,
  image: renderImage,
  button: renderButton,
  divider: renderDivider,
  spacer: renderSpacer,
  columns: renderColumns,
  container: renderContainer,
  hero: renderHero,
  table: renderTable,
  rawHtml: renderRawHtml,
  video: renderVideo,
  accordion: renderAccordion,
  menu: renderMenu,
  carousel: renderCarousel,
  list: renderList,
  progressBar: renderProgressBar,
  social: renderSocial,
};

const DEFAULT_REPEAT_LIMIT = 100;
/** Theme defaults may style a block, never give it identity or logic. */
const NOT_DEFAULTABLE = new Set(["id", "type", "condition", "repeat", "items", "columns", "sections"]);

/** TH-04: shallow-merges theme.blockDefaults under the block; defaults that would make the block invalid are ignored. */
function withDefaults(ctx: RenderContext, block: Block): Block {
  const defaults = ctx.theme.blockDefaults[block.type];
  if (!defaults) return block;
  const merged: Record<string, unknown> = {};
  for (const key in defaults) if (!NOT_DEFAULTABLE.has(key)) merged[key] = defaults[key];
  Object.assign(merged, block);
  return isValidBlockShape(merged) ? (merged as Block) : block;
}

/** Renders one block: theme defaults (TH-04), then condition (PV-06) and repeat (PV-07) as sub-programs. */
export function renderBlock(ctx: RenderContext, block: Block): void {
  const b = withDefaults(ctx, block);
  const render = BLOCK_RENDERERS[b.type];
  if (!b.condition && !b.repeat) return render(ctx, b);

  const body = () => {
    if (!b.repeat) return render(ctx, b);
    const { variable, alias = "item", maxItems = DEFAULT_REPEAT_LIMIT } = b.repeat;
    ctx.variables.add(variable);
    const ref = resolveRef(variable, ctx.aliases);
    ctx.aliases.push(alias);
    let inner;
    try {
      inner = ctx.capture(() => render(ctx, b));
    } finally {
      ctx.aliases.pop();
    }
    ctx.h.slot({ k: SLOT_EACH, ref, max: maxItems, body: inner.html });
    ctx.t.slot({ k: SLOT_EACH, ref, max: maxItems, body: inner.text });
  };
  if (!b.condition) return body();
  const c = b.condition;
  ctx.variables.add(c.variable);
  const ref = resolveRef(c.variable, ctx.aliases);
  const inner = ctx.capture(body);
  ctx.h.slot({ k: SLOT_IF, ref, op: c.operator, value: c.value ?? "", body: inner.html });
  ctx.t.slot({ k: SLOT_IF, ref, op: c.operator, value: c.value ?? "", body: inner.text });
}

import type { Block } from "../model/blocks.ts";
import type { Theme } from "../model/theme.ts";
import { escapeHtml } from "../sanitize/escape.ts";
import { isHttpUrl, sanitizeUrl, sanitizeUrlTemplate, schemeIsDynamic, type UrlKind } from "../sanitize/url.ts";
import type { CompiledLink } from "../template/compiled.ts";
import { FROM_SCOPE, FROM_URLS, ProgramBuilder, SLOT_IMAGE, SLOT_LINK, SLOT_VAR, forEachSlot, resolveRef, type Part } from "../template/program.ts";
import { parseTemplate } from "../template/tags.ts";
import { encodeUrlForTracking } from "../tracking/tracking.ts";
import { CssRegistry } from "./css-registry.ts";
import type { ResolvedOptions } from "./options.ts";

export interface LinkOptions {
  text: string;
  blockId: string;
  blockType: string;
  noTrack?: boolean;
}

/**
 * State of one compile: the two output programs (HTML and plain text), the link table, the CSS rules
 * blocks ask for, the repeat aliases in scope and the width available to the block being rendered.
 */
export class RenderContext {
  h = new ProgramBuilder(true);
  t = new ProgramBuilder(false);
  readonly links: CompiledLink[] = [];
  readonly css: CssRegistry;
  readonly variables = new Set<string>();
  aliases: string[] = [];
  /** renders child blocks (injected by compile so block modules need not import each other) */
  renderBlocks: (blocks: readonly Block[]) => void = () => {};
  /** an enclosing block paints its own background: children keep their text colours in dark mode */
  painted = false;
  /** width in px available to the current block's outer box */
  width: number;
  private classCounter = 0;

  constructor(readonly theme: Theme, readonly options: ResolvedOptions) {
    this.width = theme.width;
    this.css = new CssRegistry(theme, options);
  }

  nextClass(): string {
    return "b" + (this.classCounter++).toString(36);
  }

  /** Emits a template string into one program: literal text escaped for HTML (or raw for text), tags as slots. */
  content(b: ProgramBuilder, template: string, urlEncode = false): void {
    for (const seg of parseTemplate(template)) {
      if (typeof seg === "string") b.raw(b.html ? escapeHtml(seg) : seg);
      else {
        this.variables.add(seg.name);
        const ref = resolveRef(seg.name, this.aliases);
        b.slot({ k: SLOT_VAR, ref, fallback: seg.fallback ?? "", escape: b.html, urlEncode });
      }
    }
  }

  /** Same template into both programs (parsed once); `textLiteral` may reshape literal text for the plain-text side. */
  both(template: string, textLiteral?: (s: string) => string): void {
    for (const seg of parseTemplate(template)) {
      if (typeof seg === "string") {
        this.h.raw(escapeHtml(seg));
        this.t.raw(textLiteral ? textLiteral(seg) : seg);
      } else {
        this.variables.add(seg.name);
        const ref = resolveRef(seg.name, this.aliases);
        const fallback = seg.fallback ?? "";
        this.h.slot({ k: SLOT_VAR, ref, fallback, escape: true, urlEncode: false });
        this.t.slot({ k: SLOT_VAR, ref, fallback, escape: false, urlEncode: false });
      }
    }
  }

  /** Compiles a URL template to raw parts: the leading tag inserts its value as is, later ones are percent-encoded. */
  urlParts(template: string): Part[] {
    const b = new ProgramBuilder(false);
    const segs = parseTemplate(template);
    segs.forEach((seg, i) => {
      if (typeof seg === "string") b.raw(seg);
      else this.content(b, seg.raw, i > 0);
    });
    return b.finish();
  }

  /** Registers a link and returns its index; emit it with linkSlot(). */
  link(href: string, o: LinkOptions): number {
    let written = href.trim();
    if (this.options.linkTransform) written = this.options.linkTransform(written, { blockType: o.blockType, blockId: o.blockId });
    const safe = sanitizeUrlTemplate(written, "link");
    const dynamic = safe !== null && safe.includes("{{");
    const parts = dynamic ? this.urlParts(safe) : null;
    let scoped = false;
    let system = false;
    if (parts) forEachSlot(parts, (s) => {
      if (s.k === SLOT_VAR && s.ref.from === FROM_SCOPE) scoped = true;
      if (s.k === SLOT_VAR && s.ref.from === FROM_URLS) system = true;
    });
    const url = dynamic ? null : safe ?? "#";
    const trackable = !o.noTrack && !system && (dynamic || isHttpUrl(url!)) && !written.includes("/t/c/");
    const index = this.links.length;
    const slotKey = (trackable ? "t" : "u") + url;
    let cacheSlot = url === null ? this.linkSlots++ : this.slotOfUrl.get(slotKey);
    if (cacheSlot === undefined) this.slotOfUrl.set(slotKey, (cacheSlot = this.linkSlots++));
    this.links.push({
      index, href: written, text: o.text, blockId: o.blockId, blockType: o.blockType, trackable, dynamic,
      url, escapedUrl: escapeHtml(url ?? "#"), encoded: trackable && url !== null ? this.encodeOnce(url) : null,
      parts, scoped, checkScheme: dynamic && schemeIsDynamic(safe!), cacheSlot,
    });
    return index;
  }

  /** distinct per-recipient link cache slots (see CompiledLink.cacheSlot) */
  linkSlots = 0;
  private readonly slotOfUrl = new Map<string, number>();
  private readonly encoded = new Map<string, string>();
  private encodeOnce(url: string): string {
    let e = this.encoded.get(url);
    if (e === undefined) this.encoded.set(url, (e = encodeUrlForTracking(url)));
    return e;
  }

  linkSlot(b: ProgramBuilder, index: number): void {
    b.slot({ k: SLOT_LINK, link: index, escape: b.html });
  }

  /** Emits an image URL attribute value (static, or sanitized per recipient when it holds tags). */
  imageSrc(b: ProgramBuilder, src: string, kind: UrlKind = "image"): void {
    const safe = sanitizeUrlTemplate(src, kind);
    if (safe === null) return;
    if (!safe.includes("{{")) b.raw(b.html ? escapeHtml(safe) : safe);
    else b.slot({ k: SLOT_IMAGE, src: this.urlParts(safe), escape: b.html });
  }

  /** A static, safe image URL for CSS backgrounds (templated URLs are not allowed there), else null. */
  backgroundUrl(src: string | undefined): string | null {
    if (!src || src.includes("{{")) return null;
    return sanitizeUrl(src, "image");
  }

  /** True when a static image URL is usable (or a template that will be checked later). */
  hasImage(src: string | undefined): src is string {
    return !!src && sanitizeUrlTemplate(src, "image") !== null;
  }

  /** Runs `fn` with a narrower available width. */
  withWidth(width: number, fn: () => void): void {
    const saved = this.width;
    this.width = Math.max(1, Math.floor(width));
    try {
      fn();
    } finally {
      this.width = saved;
    }
  }

  /** Runs `fn` with `painted` set when `background` is truthy. */
  withPainted(background: unknown, fn: () => void): void {
    const saved = this.painted;
    this.painted = saved || !!background;
    try {
      fn();
    } finally {
      this.painted = saved;
    }
  }

  /** Renders into fresh builders and returns their parts (used for conditions and repeats). */
  capture(fn: () => void): { html: Part[]; text: Part[] } {
    const savedH = this.h;
    const savedT = this.t;
    this.h = new ProgramBuilder(true);
    this.t = new ProgramBuilder(false);
    try {
      fn();
      return { html: this.h.finish(), text: this.t.finish() };
    } finally {
      this.h = savedH;
      this.t = savedT;
    }
  }
}


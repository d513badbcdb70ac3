import type { Block, ColumnsBlock } from "./blocks.ts";
import type { EmailDocument } from "./document.ts";

/** Where a block sits: path like "blocks/2/columns/0/blocks/1" and its nesting depth (0 = top level). */
export interface BlockPlace {
  path: string;
  depth: number;
}

/** Child blocks of a block with the path segment that leads to each. */
export function childBlocks(b: Block): { path: string; block: Block }[] {
  switch (b.type) {
    case "container":
    case "hero":
      return b.items.map((block, i) => ({ path: `items/${i}`, block }));
    case "columns":
      return (b as ColumnsBlock).columns.flatMap((c, ci) => c.blocks.map((block, i) => ({ path: `columns/${ci}/blocks/${i}`, block })));
    case "accordion":
      return b.sections.flatMap((s, si) => s.items.map((block, i) => ({ path: `sections/${si}/items/${i}`, block })));
    default:
      return [];
  }
}

/**
 * Visits every block of a (validated) document in document order, nested ones included — for usage
 * counts (saved blocks, media), search and cascades.
 */
export function forEachBlock(doc: EmailDocument, visit: (block: Block, place: BlockPlace) => void): void {
  const walk = (b: Block, path: string, depth: number) => {
    visit(b, { path, depth });
    for (const c of childBlocks(b)) walk(c.block, `${path}/${c.path}`, depth + 1);
  };
  doc.blocks.forEach((b, i) => walk(b, `blocks/${i}`, 0));
}

/**
 * A copy of the document where `fn` may replace any block with zero or more blocks (children are
 * mapped first). Use it to detach or re-sync saved-block instances, or to apply per-language content.
 */
export function mapBlocks(doc: EmailDocument, fn: (block: Block) => Block | Block[]): EmailDocument {
  const mapList = <T extends Block>(list: readonly T[]): T[] => list.flatMap((b) => [fn(mapChildren(b))].flat() as T[]);
  const mapChildren = (b: Block): Block => {
    switch (b.type) {
      case "container":
        return { ...b, items: mapList(b.items) };
      case "hero":
        return { ...b, items: mapList(b.items) };
      case "columns":
        return { ...b, columns: b.columns.map((c) => ({ ...c, blocks: mapList(c.blocks) })) };
      case "accordion":
        return { ...b, sections: b.sections.map((s) => ({ ...s, items: mapList(s.items) })) };
      default:
        return { ...b };
    }
  };
  return { ...doc, blocks: mapList(doc.blocks) };
}

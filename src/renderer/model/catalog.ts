import type { Block, BlockType } from "./blocks.ts";

/** One entry of the editor's "/" menu (ED-01): a block type, or a preset of one (headings are text blocks). */
export interface BlockCatalogEntry {
  /** slash command without the slash, e.g. "h2", "button", "progressBar" */
  command: string;
  type: BlockType;
  label: string;
  description: string;
  /** extra words the menu filter matches */
  keywords: string[];
}

export const BLOCK_CATALOG: readonly BlockCatalogEntry[] = [
  { command: "text", type: "text", label: "Text", description: "A paragraph of rich text", keywords: ["paragraph", "p"] },
  { command: "h1", type: "text", label: "Heading 1", description: "Large section heading", keywords: ["title", "heading"] },
  { command: "h2", type: "text", label: "Heading 2", description: "Medium heading", keywords: ["subtitle", "heading"] },
  { command: "h3", type: "text", label: "Heading 3", description: "Small heading", keywords: ["heading"] },
  { command: "image", type: "image", label: "Image", description: "A picture, optionally linked", keywords: ["picture", "photo", "img"] },
  { command: "button", type: "button", label: "Button", description: "A call-to-action link", keywords: ["cta", "link"] },
  { command: "video", type: "video", label: "Video", description: "A thumbnail that links to a video", keywords: ["youtube", "vimeo"] },
  { command: "social", type: "social", label: "Social links", description: "Icons linking to your profiles", keywords: ["icons", "follow"] },
  { command: "table", type: "table", label: "Table", description: "Rows and columns of data", keywords: ["grid", "data"] },
  { command: "columns", type: "columns", label: "Columns", description: "Two to four columns that stack on phones", keywords: ["layout", "grid"] },
  { command: "container", type: "container", label: "Container", description: "A box around other blocks", keywords: ["section", "box", "group"] },
  { command: "hero", type: "hero", label: "Hero", description: "Background image or gradient with text on top", keywords: ["banner", "header"] },
  { command: "divider", type: "divider", label: "Divider", description: "A horizontal line", keywords: ["line", "hr", "separator"] },
  { command: "spacer", type: "spacer", label: "Spacer", description: "Vertical space", keywords: ["gap", "space"] },
  { command: "accordion", type: "accordion", label: "Accordion", description: "Sections with titles", keywords: ["faq", "collapse"] },
  { command: "menu", type: "menu", label: "Menu", description: "A row of navigation links", keywords: ["nav", "links"] },
  { command: "list", type: "list", label: "List", description: "Bullets, numbers or checkmarks", keywords: ["bullets", "ul", "ol", "checklist"] },
  { command: "carousel", type: "carousel", label: "Carousel", description: "Several images, the first shown everywhere", keywords: ["slider", "gallery"] },
  { command: "progressBar", type: "progressBar", label: "Progress bar", description: "A bar showing a percentage", keywords: ["progress", "percent"] },
  { command: "rawHtml", type: "rawHtml", label: "HTML", description: "Your own HTML (sanitized)", keywords: ["html", "code", "custom"] },
];

const EXAMPLE_URL = "https://example.com";

/** A new, valid block for a catalog command (or block type) with sensible defaults; `id` must be unique in the document. */
export function createBlock(command: string, id: string): Block {
  switch (command) {
    case "text": return { id, type: "text", html: "<p></p>" };
    case "h1": case "h2": case "h3": return { id, type: "text", blockType: command, html: "<p></p>" };
    case "image": return { id, type: "image", src: "", alt: "" };
    case "button": return { id, type: "button", text: "Click to edit", url: EXAMPLE_URL };
    case "video": return { id, type: "video", thumbnailUrl: "", videoUrl: "" };
    case "social": return { id, type: "social", links: [{ platform: "x", url: EXAMPLE_URL }, { platform: "linkedin", url: EXAMPLE_URL }, { platform: "instagram", url: EXAMPLE_URL }] };
    case "table": return { id, type: "table", headers: ["Column 1", "Column 2"], rows: [["", ""], ["", ""]] };
    case "columns": return { id, type: "columns", columns: [{ blocks: [] }, { blocks: [] }] };
    case "container": return { id, type: "container", items: [] };
    case "hero": return { id, type: "hero", backgroundColor: "#27272a", height: 280, items: [] };
    case "divider": return { id, type: "divider" };
    case "spacer": return { id, type: "spacer", height: 24 };
    case "accordion": return { id, type: "accordion", sections: [{ title: "Section 1", items: [] }] };
    case "menu": return { id, type: "menu", items: [{ label: "Home", url: EXAMPLE_URL }, { label: "Blog", url: EXAMPLE_URL }] };
    case "list": return { id, type: "list", items: ["First item", "Second item"] };
    case "carousel": return { id, type: "carousel", images: [{ src: "", alt: "" }] };
    case "progressBar": return { id, type: "progressBar", value: 50, showLabel: true };
    case "rawHtml": return { id, type: "rawHtml", html: "" };
    default: throw new Error(`unknown block command "${command}"`);
  }
}

import type { EmailDocument } from "../model/document.ts";

/** A document using every block type (tests and visual checks). Images are 1×1 PNG data URIs. */
export const PIXEL_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

export function allBlocksDocument(): EmailDocument {
  const gradient = { angle: 135, stops: [{ color: "#4f46e5", position: 0 }, { color: "#db2777", position: 100 }] };
  return {
    version: 1,
    blocks: [
      { id: "menu", type: "menu", separator: "|", items: [{ label: "Home", url: "https://e.com" }, { label: "Blog", url: "https://e.com/b" }] },
      { id: "hero", type: "hero", gradient, height: 220, items: [
        { id: "ht", type: "text", blockType: "h1", textColor: "#ffffff", textAlign: "center", html: "<p>Hello {{firstName|'there'}}</p>" },
        { id: "hb", type: "button", text: "Get started", url: "https://e.com/start", backgroundColor: "#ffffff", textColor: "#4f46e5" },
      ] },
      { id: "p", type: "text", html: '<p>Some <strong>bold</strong> and a <a href="https://e.com">link</a>.</p><ul><li>one</li><li>two</li></ul>' },
      { id: "cols", type: "columns", columns: [
        { blocks: [{ id: "c1i", type: "image", src: PIXEL_PNG, alt: "one" }, { id: "c1t", type: "text", html: "<p>Column one</p>" }] },
        { blocks: [{ id: "c2i", type: "image", src: PIXEL_PNG, alt: "two" }, { id: "c2t", type: "text", html: "<p>Column two</p>" }] },
        { blocks: [{ id: "c3t", type: "text", html: "<p>Column three</p>" }] },
      ] },
      { id: "btnfull", type: "button", text: "Full width", url: "https://e.com", align: "full", backgroundGradient: gradient },
      { id: "btnpx", type: "button", text: "Fixed width", url: "https://e.com", buttonWidth: 500 },
      { id: "tbl", type: "table", caption: "Order", headers: ["Item", "Qty", "Price"], rows: [["Tea", "2", "$8"]], footer: ["Total", "", "$8"], striped: true },
      { id: "list", type: "list", listType: "check", items: ["Fast", "Private"] },
      { id: "prog", type: "progressBar", value: 64, showLabel: true },
      { id: "vid", type: "video", thumbnailUrl: "https://e.com/t.jpg", videoUrl: "https://v.e.com", alt: "Demo", width: 500 },
      { id: "acc", type: "accordion", sections: [{ title: "What?", items: [{ id: "a1", type: "text", html: "<p>An email platform.</p>" }] }] },
      { id: "car", type: "carousel", images: [{ src: PIXEL_PNG, alt: "slide" }] },
      { id: "div", type: "divider", width: 60, style: "dashed" },
      { id: "soc", type: "social", links: [{ platform: "github", url: "https://github.com" }, { platform: "bluesky", url: "https://b.example" }] },
      { id: "cont", type: "container", backgroundColor: "#fef3c7", margin: { top: 8, right: 24, bottom: 8, left: 24 }, items: [{ id: "ct", type: "text", html: "<p>Warm box</p>" }] },
      { id: "raw", type: "rawHtml", html: '<div style="text-align:center">Raw <b>HTML</b></div>' },
      { id: "img", type: "image", src: PIXEL_PNG, alt: "wide", width: 600, hideOnMobile: true },
      { id: "mob", type: "text", html: "<p>Only on phones</p>", hideOnDesktop: true },
      { id: "sp", type: "spacer", height: 24 },
    ],
  } as EmailDocument;
}

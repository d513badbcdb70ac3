import { describe, expect, test } from "bun:test";
import type { Block } from "../../model/blocks.ts";
import { renderDocument } from "../../index.ts";
import { docOf, elementsAndAttributes, hrefs, parseErrors, structureChange, unbalancedTags } from "../../testing/html-checks.ts";

function render(block: Block, recipient = {}) {
  const out = renderDocument(docOf(block), {}, { assetBaseUrl: "https://assets.example.com" }, recipient);
  expect(parseErrors(out.html)).toEqual([]);
  expect(unbalancedTags(out.html)).toEqual([]);
  expect(structureChange(out.html)).toBe("");
  return out;
}

describe("block renderers (HTML and plain text)", () => {
  test("text paragraph: rich text kept, styled, links extracted to the text version", () => {
    const { html, text } = render({ id: "t", type: "text", textColor: "#112233", fontSize: 18, html: "<p>Hello <strong>bold</strong> <a href=\"https://example.com/a\">docs</a></p><p>second</p>" });
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('href="https://example.com/a"');
    expect(html).toContain("font-size:18px;");
    expect(html).toContain("color:#112233;");
    expect(text).toContain("Hello bold docs (https://example.com/a)\n\nsecond");
  });

  test("text: anchors without a usable href do not steal the next link's text", () => {
    const { text } = render({ id: "t", type: "text", html: '<p><a>plain</a> <a href="javascript:x()">bad</a> <a href="https://e.com/y">yes</a></p>' });
    expect(text).toContain("plain bad yes (https://e.com/y)");
  });

  test("text heading: h2 element, paragraphs become line breaks, mobile font size rule", () => {
    const { html, text } = render({ id: "h", type: "text", blockType: "h2", mobileFontSize: 20, html: "<p>Title</p><p>Sub</p>" });
    expect(html).toMatch(/<h2 class="b0" style="margin:0;[^"]*font-size:24px;/);
    expect(html).toContain("Title<br />Sub</h2>");
    expect(html).toContain(".b0,.b0 *{font-size:20px!important}");
    expect(text).toContain("Title\nSub");
  });

  test("image: fluid img with alt, width, link; dark-mode source swap", () => {
    const { html, text } = render({ id: "i", type: "image", src: "https://example.com/a.png", darkSrc: "https://example.com/a-dark.png", alt: "A cat", width: 300, linkUrl: "https://example.com/cat" });
    expect(html).toContain('<img src="https://example.com/a.png" alt="A cat" width="300" class="o-fluid o-light-img"');
    expect(html).toContain('class="o-dark-img"');
    expect(html).toContain("https://example.com/a-dark.png");
    expect(hrefs(html)).toContain("https://example.com/cat");
    expect(text).toContain("[Image: A cat] (https://example.com/cat)");
  });

  test("decorative image has empty alt and no text line", () => {
    const { html, text } = render({ id: "i", type: "image", src: "https://example.com/a.png", alt: "ignored", decorative: true });
    expect(html).toContain('alt=""');
    expect(text).not.toContain("[Image");
  });

  test("button: VML roundrect for Outlook plus HTML link, gradient fill", () => {
    const { html, text } = render({
      id: "b", type: "button", text: "Buy now", url: "https://shop.example.com", backgroundColor: "#ff0000", borderRadius: 8,
      backgroundGradient: { angle: 90, stops: [{ color: "#ff0000", position: 0 }, { color: "#0000ff", position: 100 }] },
    });
    expect(html).toContain("<!--[if mso]><v:roundrect");
    expect(html).toContain('fillcolor="#ff0000"');
    expect(html).toContain('<v:fill type="gradient" color="#ff0000" color2="#0000ff"');
    expect(html).toContain("background-image:linear-gradient(90deg,#ff0000 0%,#0000ff 100%)");
    expect(hrefs(html).filter((h) => h === "https://shop.example.com").length).toBe(1); // the VML href sits in a comment
    expect(html.split('href="https://shop.example.com"').length - 1).toBe(2);
    expect(text).toContain("[Buy now] (https://shop.example.com)");
  });

  test("divider and spacer", () => {
    const d = render({ id: "d", type: "divider", color: "#cccccc", thickness: 2, style: "dashed", width: 50 });
    expect(d.html).toContain("border-top:2px dashed #cccccc");
    expect(d.html).toContain('width="50%"');
    expect(d.text).toContain("---");
    const s = render({ id: "s", type: "spacer", height: 40 });
    expect(s.html).toContain("height:40px;line-height:40px;");
  });

  test("columns: hybrid inline-block columns with MSO table cells, children rendered, reverse stacking", () => {
    const { html, text } = render({
      id: "c", type: "columns", ratio: "left-wide", mobileStackOrder: "reverse",
      columns: [
        { blocks: [{ id: "l", type: "text", html: "<p>left side</p>" }] },
        { blocks: [{ id: "r", type: "text", html: "<p>right side</p>" }], backgroundColor: "#eeeeee" },
      ],
    });
    expect(html).toContain('<!--[if mso]><td width="368"');
    expect(html).toContain('class="o-col"');
    expect(html).toContain('dir="rtl"');
    expect(html.indexOf("right side")).toBeLessThan(html.indexOf("left side")); // DOM reversed for mobile
    expect(text.indexOf("left side")).toBeGreaterThan(-1);
  });

  test("container: nested blocks, max width, background image with VML rect", () => {
    const { html, text } = render({
      id: "k", type: "container", maxWidth: 400, backgroundImage: "https://example.com/bg.jpg",
      items: [{ id: "k1", type: "text", html: "<p>inside</p>" }, { id: "k2", type: "container", items: [{ id: "k3", type: "spacer", height: 10 }] }],
    });
    expect(html).toContain("<v:rect");
    expect(html).toContain("background-image:url('https://example.com/bg.jpg')");
    expect(html).toContain("max-width:400px");
    expect(text).toContain("inside");
  });

  test("hero: fixed height, overlay layer, VML background sized to the block", () => {
    const { html } = render({ id: "h", type: "hero", backgroundImage: "https://example.com/hero.jpg", height: 300, overlayColor: "#00000080", items: [{ id: "t", type: "text", html: "<p>Big</p>" }] });
    expect(html).toContain('height="300"');
    expect(html).toContain("linear-gradient(rgba(0,0,0,0.50),rgba(0,0,0,0.50)),url('https://example.com/hero.jpg')");
    expect(html).toContain('style="width:600px;height:300px;"');
  });

  test("table: header, striped rows, caption, footer, pipe text", () => {
    const { html, text } = render({
      id: "tb", type: "table", caption: "Prices", headers: ["Plan", "Price"], rows: [["Basic", "$5"], [{ text: "Pro", fontWeight: "bold" }, "$9"]], footer: ["Total", "$14"], striped: true, responsive: "stack",
    });
    expect(html).toContain('<th align="left" scope="col"');
    expect(html).toContain("<caption");
    expect(html).toContain("<tfoot>");
    expect(html).toContain("th,.b0 td{display:block!important");
    expect(text).toContain("| Plan | Price |\n| --- | --- |\n| Basic | $5 |\n| Pro | $9 |\n| Total | $14 |");
  });

  test("rawHtml: kept markup is sanitized (no script, no handlers, no javascript:)", () => {
    const { html, text } = render({ id: "r", type: "rawHtml", html: '<div onclick="x()"><b>ok</b><script>alert(1)</script><a href="javascript:alert(1)">bad</a><img src="https://example.com/x.png" onerror="y()"></div>' });
    const { tags, attrs } = elementsAndAttributes(html);
    expect(tags).not.toContain("script");
    expect(attrs.filter((a) => a.startsWith("on"))).toEqual([]);
    expect(html).not.toContain("javascript:");
    expect(html).toContain("<b>ok</b>");
    expect(text).toContain("ok");
  });

  test("video: thumbnail background with play button linking out", () => {
    const { html, text } = render({ id: "v", type: "video", thumbnailUrl: "https://example.com/t.jpg", videoUrl: "https://video.example.com/1", alt: "Demo" });
    expect(hrefs(html)).toContain("https://video.example.com/1");
    expect(html).toContain("&#9654;");
    expect(text).toContain("[Video: Demo] (https://video.example.com/1)");
  });

  test("accordion: all sections rendered expanded with titles", () => {
    const { html, text } = render({ id: "a", type: "accordion", sections: [{ title: "First", items: [{ id: "a1", type: "text", html: "<p>one</p>" }] }, { title: "Second", items: [] }] });
    expect(html).toContain("First");
    expect(html).toContain("one");
    expect(text).toContain("First\none");
    expect(text).toContain("Second");
  });

  test("menu: links with separator, stacking on mobile", () => {
    const { html, text } = render({ id: "m", type: "menu", separator: "|", hamburgerOnMobile: true, items: [{ label: "Home", url: "https://example.com" }, { label: "Blog", url: "https://example.com/blog" }] });
    expect(hrefs(html)).toEqual(["https://example.com", "https://example.com/blog"]);
    expect(html).toContain(">|</td>");
    expect(text).toContain("Home (https://example.com)\nBlog (https://example.com/blog)");
  });

  test("carousel: first image shown, all images in text", () => {
    const { html, text } = render({ id: "c", type: "carousel", images: [{ src: "https://example.com/1.jpg", alt: "One", linkUrl: "https://example.com/1" }, { src: "https://example.com/2.jpg", alt: "Two" }] });
    expect(html).toContain("https://example.com/1.jpg");
    expect(html).not.toContain("https://example.com/2.jpg");
    expect(text).toContain("[Image: One] (https://example.com/1)");
    expect(text).toContain("[Image: Two]");
  });

  test("list: bullet, numbered and check markers", () => {
    const b = render({ id: "l", type: "list", items: ["a", "b"] });
    expect(b.html).toContain("&#8226;");
    expect(b.text).toContain("- a\n- b");
    const n = render({ id: "l", type: "list", listType: "numbered", items: ["a", "b"] });
    expect(n.html).toContain(">2.</span>");
    expect(n.text).toContain("1. a\n2. b");
    const c = render({ id: "l", type: "list", listType: "check", items: ["done"] });
    expect(c.text).toContain("[x] done");
  });

  test("progress bar: width percentage and label", () => {
    const { html, text } = render({ id: "p", type: "progressBar", value: 30, maxValue: 40, showLabel: true });
    expect(html).toContain('width="75%"');
    expect(html).toContain(">75%</td>");
    expect(text).toContain("[Progress: 75%]");
  });

  test("social: icons from the asset base, disabled links skipped, text list", () => {
    const { html, text } = render({ id: "s", type: "social", links: [{ platform: "github", url: "https://github.com/owlat" }, { platform: "x", url: "https://x.com/owlat", enabled: false }] });
    expect(html).toContain("https://assets.example.com/social/github-filled.png");
    expect(hrefs(html)).toEqual(["https://github.com/owlat"]);
    expect(text).toContain("GitHub: https://github.com/owlat");
    expect(text).not.toContain("x.com");
  });

  test("common options: padding, margin, border, radius, background, dark override, visibility, css class", () => {
    const { html } = render({
      id: "t", type: "text", html: "<p>x</p>", padding: { top: 1, right: 2, bottom: 3, left: 4 }, margin: { top: 5, right: 0, bottom: 5, left: 0 },
      border: { width: 2, color: "#000000", style: "dotted" }, borderRadius: 4, backgroundColor: "#fafafa", dark: { backgroundColor: "#000000", textColor: "#ffffff" },
      hideOnMobile: true, cssClass: "promo",
    });
    expect(html).toContain("padding:1px 2px 3px 4px;background-color:#fafafa;border:2px dotted #000000;border-radius:4px;");
    expect(html).toContain("padding:5px 0px;");
    expect(html).toContain('class="o-hm promo"');
    expect(html).toContain(".b0{background-color:#000000!important");
    const hidden = render({ id: "t", type: "text", html: "<p>x</p>", hideOnDesktop: true });
    expect(hidden.html).toContain('<div class="o-hd" style="display:none;');
  });
});

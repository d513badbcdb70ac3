import { describe, expect, test } from "bun:test";
import { escapeHtml, sanitizeCss, sanitizeRawHtml, sanitizeStylesheet, sanitizeUrl } from "../index.ts";
import { RICH_TEXT_POLICY } from "./html.ts";
import { elementsAndAttributes } from "../testing/html-checks.ts";

describe("sanitizeUrl", () => {
  test("refuses script-capable schemes, also when disguised", () => {
    for (const u of ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:x", "vbscript:x", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "\u0000javascript:x", "javascript&colon;x:"]) {
      expect(sanitizeUrl(u, "link") === null || !/^\s*javascript/i.test(sanitizeUrl(u, "link")!)).toBe(true);
    }
    expect(sanitizeUrl("javascript:alert(1)")).toBeNull();
    expect(sanitizeUrl("java\tscript:alert(1)")).toBeNull();
    expect(sanitizeUrl("data:text/html;base64,PHNjcmlwdD4=", "link")).toBeNull();
  });

  test("keeps ordinary links and raster data images", () => {
    expect(sanitizeUrl("https://example.com/a?b=1&c=2")).toBe("https://example.com/a?b=1&c=2");
    expect(sanitizeUrl("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(sanitizeUrl("tel:+4930123")).toBe("tel:+4930123");
    expect(sanitizeUrl("#top")).toBe("#top");
    expect(sanitizeUrl("data:image/png;base64,iVBORw0KGgo=", "image")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(sanitizeUrl("data:image/svg+xml;base64,PHN2Zz4=", "image")).toBeNull();
    expect(sanitizeUrl("data:image/png;base64,iVBORw0KGgo=", "link")).toBeNull();
    expect(sanitizeUrl("cid:logo@owlat", "image")).toBe("cid:logo@owlat");
  });
});

describe("sanitizeCss", () => {
  test("drops expression(), javascript: urls, behavior, -moz-binding, @import and escapes", () => {
    expect(sanitizeCss("color:red;width:expression(alert(1))")).toBe("color:red");
    expect(sanitizeCss("background:url(javascript:alert(1));padding:4px")).toBe("padding:4px");
    expect(sanitizeCss("behavior:url(x.htc);-moz-binding:url(x.xml#y)")).toBe("");
    expect(sanitizeCss("background-image:url('https://example.com/a.png')")).toContain("https://example.com/a.png");
    expect(sanitizeCss("color:\\65 xpression(1)")).toBe("");
    expect(sanitizeCss("position:fixed;top:0")).toBe("");
    expect(sanitizeCss("color:red;}</style><script>")).not.toContain("<");
  });

  test("style sheets lose @import and unsafe declarations and cannot close the <style> element", () => {
    const css = sanitizeStylesheet("@import url(https://evil.example/x.css);.a{color:red;width:expression(1)}.b{content:'</style><script>alert(1)</script>'}@media (max-width:480px){.c{display:none}}");
    expect(css).not.toContain("@import");
    expect(css).not.toContain("expression");
    expect(css).not.toContain("<");
    expect(css).toContain(".a{color:red}");
    expect(css).toContain("@media (max-width:480px){.c{display:none}}");
  });
});

describe("sanitizeRawHtml", () => {
  const nasty = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div style=\"width:expression(alert(1))\">x</div>",
    "<scr<script>ipt>alert(1)</script>",
    "<!--[if mso]><script>alert(1)</script><![endif]-->",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<form action=\"https://evil.example\"><input name=p></form>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<p>unclosed <b>bold <i>italic",
  ];
  test.each(nasty)("%s comes out inert", (input) => {
    const out = sanitizeRawHtml(input);
    const { tags, attrs } = elementsAndAttributes(out);
    expect(tags.filter((t) => ["script", "iframe", "svg", "math", "style", "form", "input"].includes(t))).toEqual([]);
    expect(attrs.filter((a) => a.startsWith("on") || a.includes(":"))).toEqual([]);
    expect(out.toLowerCase()).not.toContain("javascript:");
    expect(out).not.toContain("expression(");
  });

  test("keeps email markup, re-balances tags and escapes text", () => {
    expect(sanitizeRawHtml('<table width="100%"><tr><td align="center" style="color:#333">a &amp; b</td></tr></table>')).toBe(
      '<table width="100%"><tr><td align="center" style="color:#333">a &amp; b</td></tr></table>',
    );
    expect(sanitizeRawHtml("<p>unclosed <b>bold")).toBe("<p>unclosed <b>bold</b></p>");
    expect(sanitizeRawHtml("<custom-el>text</custom-el>")).toBe("text");
  });

  test("the rich-text policy is narrower: no tables, no colours", () => {
    expect(sanitizeRawHtml('<table><tr><td>x</td></tr></table><span style="color:red;font-weight:bold">y</span>', RICH_TEXT_POLICY)).toBe('x<span style="font-weight:bold">y</span>');
  });

  test("escapeHtml", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

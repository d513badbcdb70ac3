import { describe, expect, test } from "bun:test";
import type { Block } from "../model/blocks.ts";
import { compile, personalize, renderDocument, type Recipient } from "../index.ts";
import { docOf, elementsAndAttributes, hrefs, parseErrors, unbalancedTags } from "../testing/html-checks.ts";

const XSS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  "javascript:alert(1)",
  "</td></tr></table><iframe src=//evil>",
  "{{contact.secret}}",
  "&lt;b&gt;",
];

function render(blocks: Block[], recipient: Recipient, subject = "") {
  return renderDocument(docOf(...blocks), {}, { subject }, recipient);
}

function expectInert(html: string): void {
  const { tags, attrs } = elementsAndAttributes(html);
  expect(tags.filter((t) => t === "script" || t === "iframe")).toEqual([]);
  expect(attrs.filter((a) => a.startsWith("on"))).toEqual([]);
  expect(parseErrors(html)).toEqual([]);
  expect(unbalancedTags(html)).toEqual([]);
}

describe("personalization", () => {
  test("fallbacks: missing, null and empty values use the fallback; no fallback gives empty text", () => {
    const blocks: Block[] = [{ id: "t", type: "text", html: "<p>Hi {{firstName|'there'}}! [{{lastName}}]</p>" }];
    for (const contact of [{}, { firstName: null }, { firstName: "" }]) {
      const out = render(blocks, { contact });
      expect(out.html).toContain("Hi there! []");
      expect(out.text).toContain("Hi there! []");
    }
    expect(render(blocks, { contact: { firstName: "Ada", lastName: 0 } }).text).toContain("Hi Ada! [0]");
  });

  test("contact fields, any custom property, nested values and data variables", () => {
    const blocks: Block[] = [{ id: "t", type: "text", html: "<p>{{contact.plan}}|{{plan}}|{{contact.address.city}}|{{data.orderId}}|{{orderId}}|{{email}}</p>" }];
    const out = render(blocks, { contact: { email: "a@x.io", plan: "pro", address: { city: "Köln" } }, data: { orderId: 1234 } });
    expect(out.text).toContain("pro|pro|Köln|1234|1234|a@x.io");
  });

  test("XSS payloads in contact values are escaped in HTML (text, attributes, URLs) and raw in plain text", () => {
    const blocks: Block[] = [
      { id: "t", type: "text", html: "<p>Hello {{firstName}}</p>" },
      { id: "i", type: "image", src: "https://example.com/a.png", alt: "{{firstName}}" },
      { id: "b", type: "button", text: "{{firstName}}", url: "https://example.com/?n={{firstName}}" },
      { id: "l", type: "list", items: ["{{firstName}}"] },
      { id: "tb", type: "table", rows: [["{{firstName}}"]] },
    ];
    for (const payload of XSS) {
      const out = render(blocks, { contact: { firstName: payload, secret: "S3CRET" } }, "Re: {{firstName}}");
      expectInert(out.html);
      expect(out.html).not.toContain("S3CRET"); // values are never re-parsed as templates
      expect(out.text).toContain(`Hello ${payload}`);
      expect(out.subject).toBe(`Re: ${payload}`);
      expect(hrefs(out.html)).toContain(`https://example.com/?n=${encodeURIComponent(payload)}`);
    }
  });

  test("a URL that comes entirely from a variable is sanitized per recipient", () => {
    const blocks: Block[] = [{ id: "b", type: "button", text: "Go", url: "{{data.link}}" }];
    expect(hrefs(render(blocks, { data: { link: "javascript:alert(1)" } }).html)).toEqual(["#"]);
    expect(hrefs(render(blocks, { data: { link: "https://ok.example.com/x?a=1&b=2" } }).html)).toEqual(["https://ok.example.com/x?a=1&b=2"]);
    expect(hrefs(render(blocks, { data: {} }).html)).toEqual(["#"]);
    const scheme: Block[] = [{ id: "b", type: "button", text: "Go", url: "java{{data.x}}script:alert(1)" }];
    expect(hrefs(render(scheme, { data: { x: "" } }).html)).toEqual(["#"]);
  });

  test("image sources from variables are sanitized per recipient", () => {
    const blocks: Block[] = [{ id: "i", type: "image", src: "{{data.img}}", alt: "x" }];
    expect(render(blocks, { data: { img: "javascript:alert(1)" } }).html).toContain('<img src="" alt="x"');
    expect(render(blocks, { data: { img: "https://cdn.example.com/p.png" } }).html).toContain('<img src="https://cdn.example.com/p.png"');
  });

  test("conditional blocks: exists, notExists, equals, notEquals, contains", () => {
    const block = (id: string, condition: NonNullable<Block["condition"]>): Block => ({ id, type: "text", html: `<p>${id}</p>`, condition });
    const blocks = [
      block("pro", { variable: "contact.plan", operator: "equals", value: "pro" }),
      block("notpro", { variable: "plan", operator: "notEquals", value: "pro" }),
      block("vip", { variable: "contact.tags", operator: "contains", value: "vip" }),
      block("hasorder", { variable: "data.orderId", operator: "exists" }),
      block("noorder", { variable: "data.orderId", operator: "notExists" }),
    ];
    const a = render(blocks, { contact: { plan: "pro", tags: ["vip", "beta"] }, data: { orderId: "A1" } });
    expect(["pro", "vip", "hasorder"].every((s) => a.text.includes(s))).toBe(true);
    expect(a.text).not.toContain("notpro");
    expect(a.text).not.toContain("noorder");
    const b = render(blocks, { contact: { plan: "free" } });
    expect(b.text).toContain("notpro");
    expect(b.text).toContain("noorder");
    expect(b.html).not.toContain(">pro<");
  });

  test("repeat blocks over data arrays (and JSON strings) with item alias, $index, maxItems and nested links", () => {
    const blocks: Block[] = [{
      id: "row", type: "container", repeat: { variable: "data.items", alias: "line", maxItems: 2 },
      items: [
        { id: "name", type: "text", html: "<p>{{$index}}: {{line.name}} x{{line.qty|'1'}}</p>" },
        { id: "buy", type: "button", text: "View {{line.name}}", url: "https://shop.example.com/p/{{line.sku}}" },
      ],
    }];
    const items = [{ name: "Tea", sku: "t 1", qty: 2 }, { name: "<Cup>", sku: "c/2" }, { name: "Hidden", sku: "h" }];
    for (const data of [{ items }, { items: JSON.stringify(items) }]) {
      const out = render(blocks, { data });
      expect(out.text).toContain("0: Tea x2");
      expect(out.text).toContain("1: <Cup> x1");
      expect(out.text).not.toContain("Hidden");
      expect(out.html).toContain("1: &lt;Cup&gt; x1");
      expect(hrefs(out.html).filter((h) => h.startsWith("https://shop"))).toEqual(["https://shop.example.com/p/t%201", "https://shop.example.com/p/c%2F2"]);
      expectInert(out.html);
    }
    expect(render(blocks, { data: { items: "not json" } }).text).not.toContain(":");
  });

  test("personalized subject and preheader", () => {
    const c = compile(docOf(), {}, { subject: "Hi {{firstName|'friend'}}", preheader: "For {{contact.company}}" });
    const out = personalize(c, { contact: { firstName: "Bo", company: "A&B" } });
    expect(out.subject).toBe("Hi Bo");
    expect(out.preheader).toBe("For A&B");
    expect(out.html).toContain("For A&amp;B");
  });

  test("malformed tags render literally and safely", () => {
    const out = render([{ id: "t", type: "text", html: "<p>a {{firstName b {{ bad name }} c {{x|there}} d {{ok}}</p>" }], { contact: { ok: "fine" } });
    expect(out.text).toContain("a {{firstName b {{ bad name }} c {{x|there}} d fine");
  });

  test("compile once, personalize many: recipients do not leak into each other", () => {
    const c = compile(docOf({ id: "t", type: "text", html: "<p>{{firstName}}</p>" }, { id: "b", type: "button", text: "x", url: "https://e.com/{{contact.id}}" }));
    const a = personalize(c, { contact: { firstName: "A", id: "1" } });
    const b = personalize(c, { contact: { firstName: "B", id: "2" } });
    expect(a.html).toContain("https://e.com/1");
    expect(b.html).toContain("https://e.com/2");
    expect(b.html).not.toContain("https://e.com/1");
  });
});

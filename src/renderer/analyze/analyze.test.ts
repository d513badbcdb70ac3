import { describe, expect, test } from "bun:test";
import { STARTER_TEMPLATES, analyzeEmail, extractVariables, getStarterTemplate, renderDocument } from "../index.ts";
import { docOf, parseErrors, unbalancedTags } from "../testing/html-checks.ts";

const codes = (r: ReturnType<typeof analyzeEmail>) => r.issues.map((i) => i.code);

describe("analyzeEmail", () => {
  test("a clean email scores high", () => {
    const r = analyzeEmail({
      document: docOf(
        { id: "h", type: "text", blockType: "h1", html: "<p>Our spring update</p>" },
        { id: "p", type: "text", html: "<p>" + "We shipped faster search, dark mode and a new editor this spring. ".repeat(5) + "</p>" },
        { id: "b", type: "button", text: "See what is new", url: "https://example.com/new", backgroundColor: "#1d4ed8" },
      ),
      options: { subject: "Our spring update", preheader: "Three things we shipped", footer: { address: "1 Owl Street" } },
    });
    expect(r.issues).toEqual([]);
    expect(r.score).toBe(100);
    expect(r.band).toBe("excellent");
    expect(r.gmailClipped).toBe(false);
  });

  test("missing alt, low contrast, vague link text, subject problems, no unsubscribe", () => {
    const r = analyzeEmail({
      document: docOf(
        { id: "img", type: "image", src: "https://example.com/a.png" },
        { id: "t", type: "text", textColor: "#dddddd", html: '<p>Want more? <a href="https://example.com">click here</a></p>' },
        { id: "b", type: "button", text: "Read more", url: "#", backgroundColor: "#ffff00", textColor: "#ffffff" },
        { id: "h3", type: "text", blockType: "h3", html: "<p>Jumped</p>" },
      ),
      options: { subject: "BUY NOW OR REGRET IT FOREVER AND EVER, THIS IS THE LAST CHANCE FOR THE BIG SALE TODAY" },
    });
    const c = codes(r);
    for (const code of ["MISSING_ALT", "LOW_CONTRAST", "VAGUE_LINK_TEXT", "BUTTON_NO_URL", "LONG_SUBJECT", "CAPS_SUBJECT", "NO_UNSUBSCRIBE", "SKIPPED_HEADING", "NO_PREHEADER"]) expect(c).toContain(code);
    expect(r.issues.find((i) => i.code === "MISSING_ALT")).toMatchObject({ blockId: "img", blockType: "image" });
    expect(r.issues.filter((i) => i.code === "VAGUE_LINK_TEXT").map((i) => i.blockId).sort()).toEqual(["b", "t"]);
    expect(r.score).toBeLessThan(50);
    expect(r.band).toBe("poor");
  });

  test("Gmail clipping above 102 KB", () => {
    const para = { type: "text" as const, html: "<p>" + "Long newsletter text. ".repeat(4000) + "</p>" };
    const r = analyzeEmail({ document: docOf({ id: "a", ...para }, { id: "b", ...para }), options: { subject: "Long", footer: { address: "x" } } });
    expect(r.htmlBytes).toBeGreaterThan(102 * 1024);
    expect(r.gmailClipped).toBe(true);
    expect(codes(r)).toContain("GMAIL_CLIPPING");
  });

  test("an invalid document scores 0 with the validation errors, without throwing", () => {
    const r = analyzeEmail({ document: { version: 1, blocks: [{ id: "x", type: "blink" }] } });
    expect(r.score).toBe(0);
    expect(codes(r)).toEqual(["UNKNOWN_BLOCK_TYPE"]);
    const badTheme = analyzeEmail({ document: docOf(), theme: { primaryColor: "red" } });
    expect(badTheme.score).toBe(0);
    expect(badTheme.issues[0]).toMatchObject({ code: "INVALID_THEME" });
  });
});

describe("extractVariables", () => {
  test("lists every variable with its kind, fallbacks and usages (conditions, repeats, subject)", () => {
    const vars = extractVariables(
      docOf(
        { id: "t", type: "text", html: "<p>{{firstName|'there'}} {{contact.plan}} {{data.total}} {{ref}}</p>", condition: { variable: "contact.vip", operator: "exists" } },
        { id: "r", type: "container", repeat: { variable: "data.items", alias: "it" }, items: [{ id: "x", type: "text", html: "<p>{{it.name}} {{$index}}</p>" }] },
        { id: "f", type: "text", html: '<p><a href="{{unsubscribeUrl}}">u</a></p>' },
      ),
      { subject: "Hi {{firstName}}" },
    );
    const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(["$index", "contact.plan", "contact.vip", "data.items", "data.total", "firstName", "it.name", "ref", "unsubscribeUrl"]);
    expect(byName.firstName).toMatchObject({ kind: "contact", fallbacks: ["there"] });
    expect(byName.firstName!.usages).toEqual([{ blockId: "", field: "subject" }, { blockId: "t", field: "html" }]);
    expect(byName["data.total"]!.kind).toBe("data");
    expect(byName["it.name"]!.kind).toBe("item");
    expect(byName.ref!.kind).toBe("any");
    expect(byName.unsubscribeUrl!.kind).toBe("system");
    expect(byName["contact.vip"]!.usages).toEqual([{ blockId: "t", field: "condition" }]);
  });
});

describe("starter templates", () => {
  test("all six starters exist, validate, render well-formed HTML and analyze without errors", () => {
    expect(STARTER_TEMPLATES.map((s) => s.id)).toEqual(["blank", "welcome", "newsletter", "announcement", "product-update", "plain-text"]);
    for (const meta of STARTER_TEMPLATES) {
      const s = getStarterTemplate(meta.id)!;
      const out = renderDocument(s.document, {}, { subject: s.subject, preheader: s.preheader }, { contact: { firstName: "Ada" } });
      expect(parseErrors(out.html)).toEqual([]);
      expect(unbalancedTags(out.html)).toEqual([]);
      const report = analyzeEmail({ document: s.document, options: { subject: s.subject, preheader: s.preheader } });
      expect(report.issues.filter((i) => i.severity === "error")).toEqual([]);
    }
    const a = getStarterTemplate("newsletter")!;
    a.document.blocks.pop();
    expect(getStarterTemplate("newsletter")!.document.blocks.length).toBe(a.document.blocks.length + 1);
  });
});

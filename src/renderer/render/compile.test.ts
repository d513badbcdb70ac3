import { describe, expect, test } from "bun:test";
import { InvalidDocumentError, compile, personalize, renderDocument, resolveTheme } from "../index.ts";
import { docOf, parseErrors, unbalancedTags } from "../testing/html-checks.ts";

const para = { id: "p", type: "text" as const, html: "<p>Hello</p>" };

describe("compile options and theme", () => {
  test("document shell: lang, dir, title, preheader, MSO width wrapper, responsive and dark CSS in <style>", () => {
    const { html } = renderDocument(docOf(para), { width: 640 }, { lang: "ar", dir: "rtl", subject: "Subject", preheader: "Peek" });
    expect(html).toStartWith('<!DOCTYPE html><html lang="ar" dir="rtl"');
    expect(html).toContain("<title>Subject</title>");
    expect(html).toContain('<!--[if mso]><table role="presentation" cellpadding="0" cellspacing="0" border="0" align="center" width="640">');
    expect(html).toContain("max-width:640px");
    expect(html).toMatch(/<div style="display:none;[^"]*mso-hide:all;">Peek/);
    expect(html).toContain("@media only screen and (max-width:480px){");
    expect(html).toContain("@media (prefers-color-scheme:dark){");
    expect(html).toContain("text-align:right;"); // rtl default alignment
    expect(parseErrors(html)).toEqual([]);
    expect(unbalancedTags(html)).toEqual([]);
  });

  test("dark mode can be turned off, or forced for the editor preview", () => {
    expect(renderDocument(docOf(para), {}, { darkMode: false }).html).not.toContain("prefers-color-scheme");
    const forced = renderDocument(docOf(para), {}, { previewDark: true }).html;
    const style = forced.slice(forced.indexOf("<style>"), forced.indexOf("</style>"));
    expect(style).toMatch(/\}\}[^@]*\.o-body\{background-color:#121212!important\}/); // also outside the media query
  });

  test("theme: defaults, validation naming the field, blockDefaults merged under blocks", () => {
    expect(() => resolveTheme({ primaryColor: "red" })).toThrow(InvalidDocumentError);
    try {
      resolveTheme({ width: 2000 });
    } catch (e) {
      expect((e as InvalidDocumentError).errors[0]).toMatchObject({ code: "INVALID_THEME", field: "width" });
    }
    const theme = { blockDefaults: { button: { backgroundColor: "#123456", id: "hijack" }, text: { textColor: "expression(alert(1))" } } };
    const { html } = renderDocument(docOf({ id: "b", type: "button", text: "Go", url: "https://e.com" }, para), theme);
    expect(html).toContain('fillcolor="#123456"');
    expect(html).not.toContain("expression(");
    expect(html).not.toContain("hijack");
  });

  test("custom CSS is sanitized; animation classes bring their keyframes", () => {
    const { html } = renderDocument(docOf({ ...para, cssClass: "owlat-animate-fade-in" }), {}, { customCss: ".x{color:red}@import url(https://evil.example/a.css);.y{background:url(javascript:alert(1))}" });
    expect(html).toContain(".x{color:red}");
    expect(html).not.toContain("@import");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("@keyframes owlat-fade-in");
  });

  test("plain-text override replaces the generated text and keeps personalization", () => {
    const c = compile(docOf(para), {}, { plainTextOverride: "Hi {{firstName|'you'}}, see the web version." });
    expect(personalize(c, { contact: { firstName: "Ada" } }).text).toBe("Hi Ada, see the web version.\n");
    expect(c.variables).toContain("firstName");
  });

  test("footer and view-in-browser line use untracked system links", () => {
    const c = compile(docOf(para), {}, { footer: { address: "1 Owl St <HQ>", organizationName: "Owlat", preferencesText: "Preferences" }, viewInBrowser: { text: "Web version" } });
    expect(c.links.map((l) => [l.href, l.trackable])).toEqual([["{{viewInBrowserUrl}}", false], ["{{unsubscribeUrl}}", false], ["{{preferencesUrl}}", false]]);
    const withUrls = personalize(c, { urls: { unsubscribeUrl: "https://o.example/u?t=1&x=2", preferencesUrl: "https://o.example/p", viewInBrowserUrl: "https://o.example/a" } });
    expect(withUrls.html).toContain('href="https://o.example/u?t=1&amp;x=2"');
    expect(withUrls.html).toContain("1 Owl St &lt;HQ&gt;");
    expect(withUrls.text).toContain("Web version: https://o.example/a");
    const without = personalize(c, {});
    expect(without.html).not.toContain("Web version");
  });

  test("an invalid document throws InvalidDocumentError with per-block errors", () => {
    expect(() => compile({ version: 1, blocks: [{ id: "x", type: "text" }] })).toThrow(InvalidDocumentError);
  });
});

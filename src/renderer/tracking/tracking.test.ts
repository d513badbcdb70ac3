import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import {
  Tracker, buildClickUrl, buildOpenPixelUrl, compile, decodeTrackedUrl, personalize, verifyClickSignature,
} from "../index.ts";
import { docOf, hrefs } from "../testing/html-checks.ts";

const SECRET = "tracking-secret-0123456789";
const tracker = new Tracker({ baseUrl: "https://t.example.com/", secret: SECRET });

/** The wire format of api.md §5.1, computed independently with node:crypto. */
function expectedClickUrl(sendId: string, href: string): string {
  const enc = Buffer.from(href, "utf8").toString("base64url");
  const sig = createHmac("sha256", SECRET).update(`${sendId}.${enc}`).digest("base64url");
  return `https://t.example.com/t/c/${sendId}/${enc}/${sig}`;
}

describe("tracking URLs", () => {
  test("click URL matches the Owlat wire format; pixel URL", () => {
    const href = "https://example.com/ünïcode?q=1&r=2#frag";
    expect(tracker.clickUrl("send_1", href)).toBe(expectedClickUrl("send_1", href));
    expect(buildClickUrl({ baseUrl: "https://t.example.com", secret: SECRET, sendId: "send_1", href })).toBe(expectedClickUrl("send_1", href));
    expect(tracker.openPixelUrl("send_1")).toBe("https://t.example.com/t/o/send_1");
    expect(buildOpenPixelUrl("https://t.example.com/", "abc")).toBe("https://t.example.com/t/o/abc");
    const signer = tracker.forSend("send_1");
    const enc = Buffer.from(href).toString("base64url");
    expect(signer.clickPrefix + enc + "/" + signer.sign(enc)).toBe(expectedClickUrl("send_1", href));
  });

  test("verification is exact: tampered send, URL or signature fail", () => {
    const [, , , , , sendId, enc, sig] = tracker.clickUrl("send_9", "https://example.com/a").split("/");
    expect(tracker.verifyClick(sendId!, enc!, sig!)).toBe(true);
    expect(verifyClickSignature(SECRET, sendId!, enc!, sig!)).toBe(true);
    expect(tracker.verifyClick("send_8", enc!, sig!)).toBe(false);
    expect(tracker.verifyClick(sendId!, Buffer.from("https://evil.example").toString("base64url"), sig!)).toBe(false);
    expect(tracker.verifyClick(sendId!, enc!, sig!.slice(0, -1) + (sig!.endsWith("A") ? "B" : "A"))).toBe(false);
    expect(tracker.verifyClick(sendId!, enc!, "short")).toBe(false);
    expect(new Tracker({ baseUrl: "https://t.example.com", secret: "another-secret-0123456" }).verifyClick(sendId!, enc!, sig!)).toBe(false);
    expect(tracker.resolveClick(sendId!, enc!, sig!)).toBe("https://example.com/a");
  });

  test("only http(s) destinations without credentials are resolved", () => {
    for (const bad of ["javascript:alert(1)", "https://user:pw@example.com/", "ftp://example.com"]) {
      const [, , , , , sendId, enc, sig] = tracker.clickUrl("s1", bad).split("/");
      expect(tracker.verifyClick(sendId!, enc!, sig!)).toBe(true);
      expect(tracker.resolveClick(sendId!, enc!, sig!)).toBeNull();
    }
    expect(decodeTrackedUrl("!!!")).toBeNull();
  });

  test("bad configuration and send ids are refused", () => {
    expect(() => new Tracker({ baseUrl: "javascript:x", secret: SECRET })).toThrow();
    expect(() => new Tracker({ baseUrl: "https://t.example.com/?a=<b>", secret: SECRET })).toThrow();
    expect(() => new Tracker({ baseUrl: "https://t.example.com", secret: "short" })).toThrow();
    expect(() => tracker.forSend("../../x")).toThrow();
  });
});

describe("link hooks of the compiled form", () => {
  const doc = docOf(
    { id: "t", type: "text", html: '<p><a href="https://example.com/a">A</a> <a href="mailto:hi@example.com">mail</a> <a href="tel:+49301">call</a> <a href="#top">top</a> <a href="https://example.com/b" data-no-track>web</a> <a href="https://example.com/u/{{contact.id}}">me</a></p>' },
    { id: "b", type: "button", text: "Buy", url: "https://example.com/a" },
    { id: "d", type: "button", text: "Dyn", url: "{{data.link}}" },
    { id: "n", type: "button", text: "Skip", url: "https://example.com/n", noTrack: true },
  );
  const compiled = compile(doc);

  test("links are listed with index, href, text and trackability", () => {
    expect(compiled.links.map((l) => [l.index, l.href, l.text, l.trackable, l.dynamic])).toEqual([
      [0, "https://example.com/a", "A", true, false],
      [1, "mailto:hi@example.com", "mail", false, false],
      [2, "tel:+49301", "call", false, false],
      [3, "#top", "top", false, false],
      [4, "https://example.com/b", "web", false, false],
      [5, "https://example.com/u/{{contact.id}}", "me", true, true],
      [6, "https://example.com/a", "Buy", true, false],
      [7, "{{data.link}}", "Dyn", true, true],
      [8, "https://example.com/n", "Skip", false, false],
    ]);
    expect(compiled.links[0]!.cacheSlot).toBe(compiled.links[6]!.cacheSlot);
  });

  test("personalize wraps trackable links (static and personalized) and leaves the rest", () => {
    const out = personalize(compiled, { contact: { id: "c 7" }, data: { link: "mailto:x@example.com" } }, { tracking: { tracker, sendId: "s_1" } });
    const found = hrefs(out.html);
    expect(found).toContain(expectedClickUrl("s_1", "https://example.com/a"));
    expect(found).toContain(expectedClickUrl("s_1", "https://example.com/u/c%207"));
    for (const kept of ["mailto:hi@example.com", "tel:+49301", "#top", "https://example.com/b", "mailto:x@example.com", "https://example.com/n"]) expect(found).toContain(kept);
    expect(out.text).toContain(expectedClickUrl("s_1", "https://example.com/a"));
    expect(out.html).toContain('src="https://t.example.com/t/o/s_1"');
  });

  test("without tracking nothing is wrapped and there is no pixel; rewriteLink hook sees every link", () => {
    const plain = personalize(compiled, { contact: { id: "1" } });
    expect(plain.html).not.toContain("/t/c/");
    expect(plain.html).not.toContain("/t/o/");
    const seen: number[] = [];
    const out = personalize(compiled, { contact: { id: "1" } }, { rewriteLink: (url, link) => (seen.push(link.index), url.startsWith("https://") ? url + "?utm_source=owlat" : url) });
    expect(hrefs(out.html)).toContain("https://example.com/a?utm_source=owlat");
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const hostile = personalize(compiled, { contact: { id: "1" } }, { rewriteLink: () => "javascript:alert(1)" });
    expect(hostile.html).not.toContain("javascript:");
  });

  test("compile-time linkTransform applies to every block link", () => {
    const c = compile(doc, {}, { linkTransform: (url, info) => (url.startsWith("https://") ? `${url}#${info.blockType}` : url) });
    expect(c.links[6]!.href).toBe("https://example.com/a#button");
    expect(c.links[0]!.href).toBe("https://example.com/a#text");
  });
});

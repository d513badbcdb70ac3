import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Tracker, compile, decodeTrackedUrl, getStarterTemplate, personalize, renderDocument } from "../index.ts";
import { hrefs, parseErrors, structureChange, unbalancedTags } from "../testing/html-checks.ts";

/**
 * Golden files for the newsletter starter. After an intended rendering change, regenerate with
 *   UPDATE_GOLDEN=1 bun test src/renderer/render/newsletter.test.ts
 * and review the diff.
 */
const GOLDEN = join(import.meta.dir, "__golden__");
const starter = getStarterTemplate("newsletter")!;
const options = { subject: starter.subject, preheader: starter.preheader, footer: { address: "1 Owl Street, 10115 Berlin", organizationName: "Owlat" }, viewInBrowser: true };
const recipient = {
  contact: { firstName: "Ada", email: "ada@example.com" },
  urls: { unsubscribeUrl: "https://owlat.example/unsubscribe?token=abc&x=1", preferencesUrl: "https://owlat.example/preferences?token=abc", viewInBrowserUrl: "https://owlat.example/archive?token=zz" },
};
const DOC_LINKS = ["https://example.com/blog", "https://example.com/blog/story-1", "https://example.com/blog/story-2", "https://example.com/blog/story-3"];
const SYSTEM_LINKS = [recipient.urls.unsubscribeUrl, recipient.urls.preferencesUrl, recipient.urls.viewInBrowserUrl];

async function golden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) await Bun.write(path, actual);
  expect(actual).toBe(await Bun.file(path).text());
}

describe("newsletter golden files", () => {
  const out = renderDocument(starter.document, {}, options, recipient);

  test("HTML matches the golden file and is well formed", async () => {
    await golden("newsletter.html", out.html);
    expect(parseErrors(out.html)).toEqual([]);
    expect(unbalancedTags(out.html)).toEqual([]);
    expect(structureChange(out.html)).toBe("");
  });

  test("plain text matches the golden file", async () => {
    await golden("newsletter.txt", out.text);
  });

  test("every link of the document and every system link is present", () => {
    const found = hrefs(out.html);
    for (const href of [...DOC_LINKS, ...SYSTEM_LINKS]) expect(found).toContain(href);
    for (const href of [...DOC_LINKS, ...SYSTEM_LINKS]) expect(out.text).toContain(href);
    expect(out.subject).toBe("The Monthly Owl: three stories for Ada");
    expect(out.html).toContain("Hi Ada, here is the short version of story 1.");
  });

  test("with tracking every trackable link is wrapped, decodes to its original, verifies; system links stay", () => {
    const tracker = new Tracker({ baseUrl: "https://t.owlat.example", secret: "golden-secret-0123456789" });
    const sent = personalize(compile(starter.document, {}, options), recipient, { tracking: { tracker, sendId: "send_42" } });
    const found = hrefs(sent.html);
    const wrapped = found.filter((h) => h.startsWith("https://t.owlat.example/t/c/send_42/"));
    const originals = wrapped.map((h) => {
      const [, , , , , , enc, sig] = h.split("/");
      expect(tracker.verifyClick("send_42", enc!, sig!)).toBe(true);
      return decodeTrackedUrl(enc!);
    });
    expect(new Set(originals)).toEqual(new Set(DOC_LINKS));
    for (const href of SYSTEM_LINKS) expect(found).toContain(href);
    expect(found.filter((h) => !h.startsWith("https://t.owlat.example/") && !SYSTEM_LINKS.includes(h))).toEqual([]);
    expect(sent.html).toContain('<img src="https://t.owlat.example/t/o/send_42" width="1" height="1"');
    expect(parseErrors(sent.html)).toEqual([]);
    expect(unbalancedTags(sent.html)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chromium, type Browser } from "playwright-core";
import { renderDocument } from "../index.ts";
import { allBlocksDocument } from "../testing/all-blocks.ts";
import { parseErrors, unbalancedTags } from "../testing/html-checks.ts";

/** The rendered email in a real browser engine (Chromium): widths, stacking, visibility, dark mode. */
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function open(width: number, dark: boolean, previewDark = false) {
  const { html } = renderDocument(allBlocksDocument(), {}, { subject: "All blocks", previewDark, footer: { address: "1 Owl Street" } }, { contact: { firstName: "Ada" } });
  expect(parseErrors(html)).toEqual([]);
  expect(unbalancedTags(html)).toEqual([]);
  const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: dark ? "dark" : "light" });
  await page.route(/^https?:/, (route) => route.abort()); // tests never reach the network; remote images stay unloaded
  await page.setContent(html);
  return page;
}

const visible = (sel: string) => `(() => { const e = document.querySelector(${JSON.stringify(sel)}); return !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== "none"; })()`;

describe("rendered email in Chromium", () => {
  test("desktop: 600 px content, columns side by side, desktop-only block hidden", async () => {
    const page = await open(800, false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(800);
    expect(await page.evaluate(() => document.querySelector(".o-content")!.getBoundingClientRect().width)).toBe(600);
    const tops = await page.evaluate(() => Array.from(document.querySelectorAll(".o-col")).map((c) => Math.round(c.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    expect(await page.evaluate(visible("img[alt=wide]"))).toBe(true);
    expect(await page.evaluate(visible(".o-hd"))).toBe(false);
    await page.close();
  });

  test("mobile (375 px): nothing overflows, columns stack, mobile-only block shown, hidden-on-mobile gone", async () => {
    const page = await open(375, false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
    const tops = await page.evaluate(() => Array.from(document.querySelectorAll(".o-col")).map((c) => Math.round(c.getBoundingClientRect().top)));
    expect(tops[0]!).toBeLessThan(tops[1]!);
    expect(tops[1]!).toBeLessThan(tops[2]!);
    expect(await page.evaluate(visible("img[alt=wide]"))).toBe(false);
    expect(await page.evaluate(visible(".o-hd"))).toBe(true);
    await page.close();
  });

  test("dark mode: system preference and the forced preview both switch the palette", async () => {
    for (const [dark, forced] of [[true, false], [false, true]] as const) {
      const page = await open(800, dark, forced);
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector(".o-content")!).backgroundColor);
      const text = await page.evaluate(() => getComputedStyle(document.querySelector(".o-t p")!).color);
      expect(bg).toBe("rgb(30, 30, 30)");
      expect(text).toBe("rgb(228, 228, 231)");
      await page.close();
    }
    const light = await open(800, false);
    expect(await light.evaluate(() => getComputedStyle(document.querySelector(".o-content")!).backgroundColor)).toBe("rgb(255, 255, 255)");
    await light.close();
  });
});

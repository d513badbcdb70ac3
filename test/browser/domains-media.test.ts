// Sending domains and the media library in a real Chromium: add a domain, publish its records in a
// real DNS server, verify in place; upload an image by the file picker, give it alt text and tags.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startServer, type ServerProcess } from "../../src/testing/server-process";
import { startDnsmasq, type Dnsmasq } from "../../src/testing/dnsmasq";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
setDefaultTimeout(20_000);

let server: ServerProcess;
let dns: Dnsmasq;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  dns = await startDnsmasq();
  server = await startServer({ dev: true, env: { OWLAT_DNS_SERVERS: dns.server, OWLAT_EHLO_HOSTNAME: "mail.owlat.test", OWLAT_SENDING_IPS: "192.0.2.10" } });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !/status of 422/.test(m.text()) && errors.push(m.text()));
  await page.goto("/setup");
  await page.getByLabel("Email").fill("owner@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Organization name").fill("Acme");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/o/acme");
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await dns?.stop();
});

describe("sending domains", () => {
  test("add a domain, publish the records shown, verify in place", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sending domains" }).click();
    await page.getByText("No sending domains yet").waitFor();
    await page.getByLabel("Domain").fill("news.acme.test");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("heading", { name: "news.acme.test" }).waitFor();
    const rows = await page.locator("[data-record]").evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute("data-record")!, name: tr.querySelector("code[id^=rec-name]")!.textContent!, value: tr.querySelector("code[id^=rec-value]")!.textContent! })));
    expect(rows.map((r) => r.id)).toContain("dmarc");
    await page.getByRole("button", { name: "Verify now" }).click();
    await page.locator("#domain-records").getByText("failed", { exact: true }).waitFor();
    await dns.set({
      txt: Object.fromEntries(rows.filter((r) => r.id !== "bounce-mx").map((r) => [r.name, [r.value]])),
      mx: [{ name: "bounce.news.acme.test", host: "mail.owlat.test", priority: 10 }],
      a: { "mail.owlat.test": "192.0.2.10" },
    });
    await page.getByRole("button", { name: "Verify now" }).click();
    await page.locator("#domain-records").getByText("verified", { exact: true }).waitFor();
    expect(await page.locator("[data-record] >> text=missing or wrong").count()).toBe(0);
  });
});

describe("media library", () => {
  test("upload through the file picker, then add alt text and tags", async () => {
    const dir = mkdtempSync(join(tmpdir(), "owlat-media-"));
    const png = join(dir, "logo.png");
    writeFileSync(png, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Media" }).click();
    await page.getByText("Upload images to use them in your emails.").waitFor();
    await page.locator("[data-dropzone-input]").setInputFiles(png);
    await page.locator("#toasts").getByText("1 file(s) uploaded.").waitFor();
    await page.getByRole("link", { name: "logo.png" }).click();
    await page.getByLabel("Alt text").fill("Acme logo");
    await page.getByLabel("Tags").fill("brand");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#toasts").getByText("Saved.").waitFor();
    expect(await page.getByLabel("Alt text").inputValue()).toBe("Acme logo");
    const img = page.locator("img[alt='Acme logo']");
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(errors).toEqual([]);
  });
});

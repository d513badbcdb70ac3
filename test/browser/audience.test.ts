// A new user's walk through the audience area in a real browser (Chromium via playwright-core)
// against a real `owlat serve --dev` child process: property and topic → CSV import with bad rows
// and a live progress bar → segment builder whose count changes → public form → DOI confirmation
// from the dev outbox → one-click unsubscribe → everything on the contact's timeline.
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { createContactTokens } from "../../src/domain/audience/tokens";

setDefaultTimeout(120_000);
const repo = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "owlat-browser-audience-"));
const SECRET = "browser-test-secret-0123456789abcdef0123456789";
let server: ReturnType<typeof Bun.spawn> | null = null;
let browser: Browser | null = null;
let base = "";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = Bun.spawn([process.execPath, join(repo, "src/main.ts"), "serve", "--dev", "--port", String(port), "--host", "127.0.0.1", "--data-dir", join(dir, "data"), "--public-url", base], {
    cwd: repo, env: { PATH: process.env.PATH!, HOME: dir, OWLAT_SECRET: SECRET, OWLAT_LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "inherit",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    await Bun.sleep(100);
  }
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until `check` holds (the page updates through htmx), failing with `what`. */
async function until(what: string, check: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const visible = (l: Locator, timeout = 15_000) => l.first().waitFor({ state: "visible", timeout });
const hasText = (l: Locator, text: string) => until(`text "${text}"`, async () => ((await l.textContent()) ?? "").includes(text));
const hasAttr = (l: Locator, name: string, value: string, timeout = 15_000) => until(`${name}="${value}"`, async () => (await l.first().getAttribute(name)) === value, timeout);

/** htmx has answered and wired up what it swapped in (a real user is never faster than that). */
async function settled(page: Page): Promise<void> {
  await Bun.sleep(50);
  await page.waitForFunction(() => !document.querySelector(".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added"));
}

/** OWLAT_SHOTS=dir saves screenshots of the main screens (for a look at the layout). */
const shot = (page: Page, name: string) => (process.env.OWLAT_SHOTS ? page.screenshot({ path: join(process.env.OWLAT_SHOTS, `${name}.png`), fullPage: true }) : null);

const nav = (page: Page, label: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();

test("a new user builds an audience and sees consent on the timeline", async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  // First run: the owner account and the organization.
  await page.goto(`${base}/setup`);
  await page.getByLabel("Email").fill("owner@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Organization name").fill("Acme");
  await page.getByRole("button", { name: /create|set up|continue/i }).click();
  await page.waitForURL(/\/o\/acme$/);
  await visible(page.getByText("Add your first contact"));

  // A custom property and a topic with double opt-in (the default).
  await nav(page, "Contact properties");
  await page.getByLabel("Label").fill("Plan");
  await page.getByRole("button", { name: "Create property" }).click();
  await visible(page.getByText("{{plan}}"));
  await nav(page, "Topics");
  await page.getByLabel("Name").fill("Weekly news");
  expect(await page.getByLabel("Require double opt-in").isChecked()).toBe(true);
  await page.getByRole("button", { name: "Create topic" }).click();
  await visible(page.getByRole("link", { name: "Weekly news" }));

  // CSV import with a few bad rows; the progress bar runs to the end; the report names the rows.
  const rows = ["email,first name,last name,plan"];
  for (let i = 0; i < 3000; i++) rows.push(`person${i}@example.com,Pat${i},Lee,${i % 3 ? "pro" : "free"}`);
  rows.splice(5, 0, "not-an-email,Bad,Row,pro", ",No,Email,free");
  rows.push("person1@example.com,Duplicate,Row,pro");
  const csv = join(dir, "people.csv");
  writeFileSync(csv, rows.join("\n"));
  await nav(page, "Contacts");
  await page.getByRole("link", { name: "Import CSV" }).first().click();
  await page.getByLabel("CSV file").setInputFiles(csv);
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await visible(page.getByRole("heading", { name: "2. Map the columns" }));
  await visible(page.getByText(/1 invalid emails, 1 without email/));
  await page.getByLabel("Add everyone to a topic").selectOption({ label: "Weekly news (double opt-in: contacts wait for confirmation)" });
  await page.getByRole("button", { name: "Start import" }).click();
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  await visible(bar);
  await visible(page.getByText("Rows that were not imported"), 60_000);
  await hasAttr(bar, "value", "100");
  await hasText(page.locator('[data-counter="imported"]'), "3,000");
  await shot(page, "import-report");
  await hasText(page.locator("#import-errors"), "invalid email");
  await hasText(page.locator("#import-errors"), "missing email");

  // A segment whose live count changes as conditions are added.
  await nav(page, "Segments");
  await page.getByRole("link", { name: "New segment" }).click();
  const count = page.locator("#segment-count [data-count]");
  await hasAttr(count, "data-count", "3000");
  await page.getByRole("button", { name: "+ Add condition" }).click();
  await settled(page);
  await page.getByLabel("Field of condition 1").selectOption({ label: "Plan" });
  await settled(page);
  await page.getByLabel("Value of condition 1").fill("pro");
  await hasAttr(count, "data-count", "2000");
  await page.getByRole("button", { name: "+ Add condition" }).click();
  await settled(page);
  await page.getByLabel("Kind of condition 2").selectOption("topic_membership");
  await settled(page);
  await page.getByLabel("Member or not, condition 2").selectOption("not_equals");
  await hasAttr(count, "data-count", "0");
  await shot(page, "segment-builder");
  await page.getByLabel("Name").fill("Pro readers");
  await page.getByRole("button", { name: "Create segment" }).click();
  await visible(page.getByText(/Segment “Pro readers” saved/));

  // A public form on "another site" (the embed snippet), subscribing to the DOI topic.
  await nav(page, "Forms");
  await page.getByRole("link", { name: "New form" }).click();
  await page.getByLabel("Internal name").fill("Footer signup");
  await page.getByLabel("Topic").selectOption({ label: "Weekly news (double opt-in)" });
  await page.getByRole("button", { name: "Create form" }).click();
  const snippet = (await page.locator("#embed-snippet").textContent())!;
  const orgId = (await page.locator("#form-endpoint").textContent())!.match(/\/forms\/([a-z0-9]+)\./)![1]!;
  const site = await browser!.newPage();
  await site.setContent(`<html><body>${snippet}</body></html>`);
  await site.fill('input[name="email"]', "reader@example.com");
  await site.fill('input[name="firstName"]', "Robin");
  await site.click('button[type="submit"]');
  await hasText(site.locator("body"), "Please check your email to confirm your subscription");
  await site.close();

  // The confirmation mail in the dev outbox; its link asks for one click.
  await page.goto(`${base}/dev/outbox`);
  await page.getByText("Confirm your subscription to Acme").first().click();
  await visible(page.locator("#outbox-message"));
  const link = (await page.locator("#outbox-message pre").textContent())!.match(/https?:\/\/\S+\/confirm\?token=\S+/)![0];
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm subscription" }).click();
  await visible(page.getByText("Your subscription has been confirmed!"));

  // The contact, then a one-click unsubscribe (RFC 8058) as a mail client sends it.
  await page.goto(`${base}/o/acme/contacts?q=reader@example.com`);
  await page.getByRole("link", { name: "reader@example.com" }).click();
  await page.waitForURL(/\/contacts\/\d+$/);
  const contactId = Number(page.url().split("/").pop());
  const token = createContactTokens(SECRET).mint("unsubscribe", orgId, contactId, Date.now());
  const oneClick = await page.request.post(`${base}/unsub/${encodeURIComponent(token)}`, { headers: { "content-type": "application/x-www-form-urlencoded" }, data: "List-Unsubscribe=One-Click" });
  expect(await oneClick.json()).toEqual({ ok: true, data: { message: "You have been successfully unsubscribed from 1 topic(s)", listsRemoved: 1 } });

  // All of it on the timeline.
  await page.reload();
  const timeline = page.getByRole("list", { name: "Activity timeline" });
  await hasText(timeline, "Contact created (source: form)");
  await hasText(timeline, "Subscribed to “Weekly news” through a form, waiting for confirmation");
  await hasText(timeline, "Confirmed the subscription to “Weekly news” through the confirmation link");
  await hasText(timeline, "Unsubscribed from “Weekly news” with one-click unsubscribe");
  await hasText(timeline, "Opted out of all email with one-click unsubscribe");
  await visible(page.getByText("Unsubscribed", { exact: true }));
  await shot(page, "contact-timeline");
  await nav(page, "Contacts");
  await settled(page);
  await shot(page, "contacts-list");
  expect(errors).toEqual([]);
});

// A new user's first session, in a real Chromium against a real `owlat serve --dev`:
// setup → dashboard → invite → accept in a second browser → role change → feature toggle →
// audit log → disabled-feature redirect → sign out and in again.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT, startServer, type ServerProcess } from "../../src/testing/server-process";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const OWNER = { name: "Olivia Owner", email: "owner@example.com", password: "correct horse battery", org: "Acme Mail" };
const MEMBER = { name: "Eddie Editor", email: "eddie@example.com", password: "another long password" };
const SLUG = "acme-mail";

setDefaultTimeout(20_000);

let server: ServerProcess;
let browser: Browser;
let ownerContext: BrowserContext;
let memberContext: BrowserContext;
let owner: Page;
let member: Page;
let inviteLink = "";
/** Console errors and uncaught exceptions (a CSP violation shows up here) from every page. */
const browserErrors: string[] = [];

function watch(page: Page, who: string): Page {
  page.on("pageerror", (e) => browserErrors.push(`${who}: ${e.message}`));
  page.on("console", (m) => {
    // A 422 is a form re-rendered with its errors (the walk submits two on purpose); anything else counts.
    if (m.type() === "error" && !/status of 422/.test(m.text())) browserErrors.push(`${who}: ${m.text()} (${m.location().url})`);
  });
  return page;
}

const path = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;
const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const toast = (page: Page, text: string | RegExp) => page.locator("#toasts").getByText(text);

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, "web/dist/manifest.ts"))) {
    const build = Bun.spawnSync([process.execPath, "scripts/build.ts", "--assets"], { cwd: REPO_ROOT });
    if (build.exitCode !== 0) throw new Error(`asset build failed: ${build.stderr.toString()}`);
  }
  server = await startServer({ dev: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  ownerContext = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } });
  memberContext = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } });
  owner = watch(await ownerContext.newPage(), "owner");
  member = watch(await memberContext.newPage(), "member");
  owner.setDefaultTimeout(10_000);
  member.setDefaultTimeout(10_000);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a new user's first session", () => {
  test("/ sends a fresh appliance to /setup, which creates the owner and the organization", async () => {
    await owner.goto("/");
    expect(path(owner)).toBe("/setup");
    expect(await owner.getByRole("heading", { name: /set up Owlat/ }).isVisible()).toBe(true);
    await owner.getByLabel("Your name").fill(OWNER.name);
    await owner.getByLabel("Email").fill(OWNER.email);
    await owner.getByLabel("Password").fill(OWNER.password);
    await owner.getByLabel("Organization name").fill(OWNER.org);
    await owner.getByRole("button", { name: "Create account" }).click();
    await owner.waitForURL(`**/o/${SLUG}`);
    await toast(owner, `Welcome! ${OWNER.org} is ready.`).waitFor();
  });

  test("the dashboard shows the onboarding checklist, and /setup is closed", async () => {
    await owner.getByRole("heading", { name: "Get your instance ready" }).waitFor();
    expect(await owner.getByRole("link", { name: "Configure a sending provider" }).isVisible()).toBe(true);
    expect(await owner.getByRole("progressbar", { name: "Onboarding progress" }).count()).toBe(1);
    expect(await nav(owner).getByText(OWNER.email).isVisible()).toBe(true);
    const res = await fetch(`${server.url}/setup`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });

  test("Settings → Team invites a member; the link is on the page and in the dev outbox", async () => {
    await nav(owner).getByRole("link", { name: "Team" }).click();
    await owner.waitForURL(`**/o/${SLUG}/settings/team`);
    await owner.getByLabel("Email").fill(MEMBER.email);
    await owner.getByLabel("Role").selectOption("editor");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await owner.locator("#invite-link").waitFor();
    inviteLink = (await owner.locator("#invite-link").textContent())!.trim();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite/[a-z0-9]+$`));
    // The page that shows the link keeps the team URL, so a reload does not hit the POST route.
    expect(path(owner)).toBe(`/o/${SLUG}/settings/team`);
    expect(await owner.locator(`li[data-invitation="${MEMBER.email}"]`).textContent()).toContain("editor");

    await nav(owner).getByRole("link", { name: "Dev outbox" }).click();
    await owner.getByRole("link", { name: `You are invited to ${OWNER.org} on Owlat` }).click();
    const mail = owner.locator("#outbox-message");
    expect(await mail.textContent()).toContain(`To: ${MEMBER.email}`);
    expect(await mail.locator("pre").textContent()).toContain(inviteLink);
    await owner.getByRole("link", { name: "Back to Owlat" }).click();
    await owner.waitForURL(`**/o/${SLUG}`);
  });

  test("the invitee accepts in a second browser by registering with a password", async () => {
    await member.goto(inviteLink);
    await member.getByRole("heading", { name: `Join ${OWNER.org}` }).waitFor();
    expect(await member.getByLabel("Email").inputValue()).toBe(MEMBER.email);
    await member.getByLabel("Your name").fill(MEMBER.name);
    await member.getByLabel("Password").fill("short");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await member.getByText(/at least 10 characters/i).first().waitFor();
    expect(await member.getByLabel("Your name").inputValue()).toBe(MEMBER.name);

    await member.getByLabel("Password").fill(MEMBER.password);
    await member.getByRole("button", { name: "Create account and join" }).click();
    await member.waitForURL(`**/o/${SLUG}`);
    await toast(member, `Welcome to ${OWNER.org}!`).waitFor();
    expect(await nav(member).getByText(MEMBER.email).isVisible()).toBe(true);
    // Editors do not manage settings: no Features or Audit log in their navigation.
    expect(await nav(member).getByRole("link", { name: "Features" }).count()).toBe(0);
    expect(await nav(member).getByRole("link", { name: "Audit log" }).count()).toBe(0);
  });

  test("the owner changes the member's role from Editor to Admin", async () => {
    await nav(owner).getByRole("link", { name: "Team" }).click();
    await owner.waitForURL(`**/settings/team`);
    const row = owner.locator(`tr[data-member="${MEMBER.email}"]`);
    expect(await row.textContent()).toContain("editor");
    await row.getByLabel(`Role of ${MEMBER.email}`).selectOption("admin");
    await row.getByRole("button", { name: "Change role" }).click();
    await toast(owner, "Role changed.").waitFor();
    expect(await owner.locator(`tr[data-member="${MEMBER.email}"] td`).nth(1).textContent()).toBe("admin");

    await member.reload();
    await nav(member).getByRole("link", { name: "Features" }).waitFor();
  });

  test("Settings → Features previews the cascade of turning Campaigns off, then applies it", async () => {
    await nav(owner).getByRole("link", { name: "Features" }).click();
    await owner.waitForURL(`**/settings/features`);
    const campaigns = owner.locator('li[data-flag="campaigns"]').getByRole("switch");
    expect(await campaigns.getAttribute("aria-checked")).toBe("true");
    await campaigns.click();
    const dialog = owner.getByRole("dialog", { name: "Confirm feature change" });
    await dialog.getByText("Turn Campaigns off?").waitFor();
    const cascade = await dialog.locator("#feature-changes li").allTextContents();
    expect(cascade.map((t) => t.replace(/\s+/g, " ").trim())).toEqual(["Campaigns → off", "Campaign archive → off"]);
    expect(await owner.locator('li[data-flag="campaigns"]').getByRole("switch").getAttribute("aria-checked")).toBe("true");

    await dialog.getByRole("button", { name: "Apply" }).click();
    await toast(owner, "Saved: Campaigns off, Campaign archive off.").waitFor();
    expect(await owner.locator('li[data-flag="campaigns"]').getByRole("switch").getAttribute("aria-checked")).toBe("false");
    expect(await owner.locator('li[data-flag="campaigns.archive"]').getByRole("switch").getAttribute("aria-checked")).toBe("false");
  });

  test("Settings → Audit log shows the role change and the feature change", async () => {
    await nav(owner).getByRole("link", { name: "Audit log" }).click();
    await owner.waitForURL(`**/settings/audit`);
    const roleRow = owner.locator('tr[data-action="team_member.role_changed"]');
    expect(await roleRow.count()).toBe(1);
    const roleText = await roleRow.textContent();
    expect(roleText).toContain(OWNER.email);
    expect(roleText).toContain(`member: ${MEMBER.email}`);
    expect(roleText).toContain("from: editor · to: admin");
    const flagRow = owner.locator('tr[data-action="settings.updated"]');
    expect(await flagRow.count()).toBe(1);
    expect(await flagRow.textContent()).toContain("flag: campaigns · enabled: false");
    for (const action of ["team_member.invited", "team_member.joined", "organization.created"]) {
      expect(await owner.locator(`tr[data-action="${action}"]`).count()).toBe(1);
    }

    await owner.getByLabel("Resource").selectOption("team_member");
    await owner.getByRole("button", { name: "Filter" }).click();
    await owner.waitForURL(/resource=team_member/);
    expect(await owner.locator('tr[data-action="settings.updated"]').count()).toBe(0);
    expect(await owner.locator('tr[data-action="team_member.role_changed"]').count()).toBe(1);
  });

  test("a page of a disabled feature redirects to the dashboard with ?disabled=", async () => {
    await owner.goto(`/o/${SLUG}/campaigns`);
    expect(path(owner)).toBe(`/o/${SLUG}?disabled=campaigns`);
    await owner.getByText('belongs to "Campaigns", which is turned off').waitFor();
    await member.goto(`/o/${SLUG}/campaigns/new`);
    expect(path(member)).toBe(`/o/${SLUG}?disabled=campaigns`);
  });

  test("signing out ends the session, and signing in again lands where the user was going", async () => {
    await nav(owner).getByRole("button", { name: "Sign out" }).click();
    await owner.waitForURL("**/login");
    await owner.goto(`/o/${SLUG}/settings/team`);
    expect(path(owner)).toBe(`/login?next=${encodeURIComponent(`/o/${SLUG}/settings/team`)}`);
    await owner.getByLabel("Email").fill(OWNER.email);
    await owner.getByLabel("Password").fill("not the password");
    await owner.getByRole("button", { name: "Sign in" }).click();
    await owner.getByRole("alert").getByText("Wrong email or password.").waitFor();
    await owner.getByLabel("Password").fill(OWNER.password);
    await owner.getByRole("button", { name: "Sign in" }).click();
    await owner.waitForURL(`**/o/${SLUG}/settings/team`);
    expect(await owner.locator(`tr[data-member="${MEMBER.email}"]`).count()).toBe(1);
  });

  test("no page logged a browser error (CSP violations included), and a screenshot is kept", async () => {
    await owner.goto(`/o/${SLUG}`);
    const dir = mkdtempSync(join(tmpdir(), "owlat-browser-"));
    const file = join(dir, "dashboard.png");
    await owner.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    console.log(`screenshot: ${file}`);
    expect(browserErrors).toEqual([]);
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "../testing/test-app";
import { setupOwner, type TestClient } from "../testing/client";
import { tenantFilesDir } from "../db/tenants";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

// A 1×1 PNG.
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);
const SVG = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>');

async function upload(client: TestClient, slug: string, files: { name: string; bytes: Uint8Array }[]) {
  const form = new FormData();
  form.set("_csrf", client.csrf);
  for (const f of files) form.append("files", new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
  const headers: Record<string, string> = { cookie: [...client.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ") };
  return (client as unknown as { http: { handle(r: Request): Promise<Response> } }).http.handle(new Request(`http://localhost/o/${slug}/media`, { method: "POST", headers, body: form }));
}

describe("media library", () => {
  test("uploads are checked by content; files are served with their type, long caching and a sandbox", async () => {
    const t = makeTestApp();
    apps.push(t);
    const owner = await setupOwner(t.http);
    const ok = await upload(owner.client, owner.slug, [{ name: "logo.png", bytes: PNG }, { name: "shape.svg", bytes: SVG }]);
    expect(ok.status).toBe(303);
    const bad = await upload(owner.client, owner.slug, [{ name: "invoice.png", bytes: ELF }, { name: "empty.gif", bytes: new Uint8Array() }]);
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain("invoice.png: files of type application/x-elf cannot be uploaded.");
    expect(text).toContain("empty.gif is empty.");

    const org = t.app.orgs.bySlug(owner.slug)!;
    const ctx = { org, db: t.app.tenants.get(org.id) };
    const assets = t.app.media.list(ctx);
    expect(assets.map((a) => [a.fileName, a.mime]).sort()).toEqual([["logo.png", "image/png"], ["shape.svg", "image/svg+xml"]]);
    expect(readdirSync(join(tenantFilesDir(t.dir, org.id), "media")).length).toBe(2);

    const png = assets.find((a) => a.ext === "png")!;
    const served = await owner.client.get(new URL(png.url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toContain("immutable");
    const svg = assets.find((a) => a.ext === "svg")!;
    expect((await owner.client.get(new URL(svg.url).pathname)).headers.get("content-security-policy")).toContain("sandbox");
    expect((await owner.client.get(`/media/${org.id}/${png.id}.svg`)).status).toBe(404);

    const page = await owner.client.get(`/o/${owner.slug}/media`);
    expect(page.text).toContain("2 files");
    const saved = await owner.client.post(`/o/${owner.slug}/media/${png.id}`, { alt: "Company logo", tags: "Brand, logos" });
    expect(saved.status).toBe(303);
    expect((await owner.client.get(`/o/${owner.slug}/media?tag=brand`)).text).toContain("logo.png");
    expect((await owner.client.get(`/o/${owner.slug}/media?tag=brand`)).text).not.toContain("shape.svg");
    expect((await owner.client.get(`/o/${owner.slug}/media?q=company`)).text).toContain("logo.png");
    const picker = await owner.client.get(`/o/${owner.slug}/media/picker`, { htmx: true });
    expect(picker.text).toContain(`data-pick-url="${png.url}"`);
    expect(picker.text).toContain('data-pick-alt="Company logo"');

    await owner.client.post(`/o/${owner.slug}/media/delete`, { ids: png.id });
    expect(t.app.media.list(ctx).length).toBe(1);
    expect(existsSync(join(tenantFilesDir(t.dir, org.id), "media", `${png.id}.png`))).toBe(false);
    const actions = t.app.audit.list({ orgId: org.id, range: "all" }).map((e) => e.action);
    expect(actions).toContain("media.uploaded");
    expect(actions).toContain("media.deleted");
  });

  test("another organization's file is not served under this organization's path", async () => {
    const t = makeTestApp();
    apps.push(t);
    const owner = await setupOwner(t.http);
    await upload(owner.client, owner.slug, [{ name: "a.png", bytes: PNG }]);
    const a = t.app.orgs.bySlug(owner.slug)!;
    const b = t.app.orgs.create({ name: "B" }, null, { userId: null, label: "t", ip: null, userAgent: null });
    const asset = t.app.media.list({ org: a, db: t.app.tenants.get(a.id) })[0]!;
    expect((await owner.client.get(`/media/${b.id}/${asset.id}.png`)).status).toBe(404);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../testing/test-app";
import { setupOwner } from "../testing/client";
import { startDnsmasq, type Dnsmasq } from "../testing/dnsmasq";
import { createDnsResolve } from "../lib/dns";

let dns: Dnsmasq;
beforeAll(async () => (dns = await startDnsmasq()));
afterAll(() => dns.stop());
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

describe("Settings → Sending domains", () => {
  test("add a domain, see its records with copy buttons, verify in place with htmx", async () => {
    const t = makeTestApp({ env: { OWLAT_EHLO_HOSTNAME: "mail.owlat.test", OWLAT_SENDING_IPS: "192.0.2.10" }, resolve: createDnsResolve({ servers: [dns.server], timeoutMs: 1000 }) });
    apps.push(t);
    const owner = await setupOwner(t.http);
    const base = `/o/${owner.slug}/settings/domains`;
    expect((await owner.client.get(base)).text).toContain("No sending domains yet");
    const bad = await owner.client.post(base, { domain: "nope" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("is not a domain name");
    const added = await owner.client.post(base, { domain: "shop.test" });
    expect(added.status).toBe(303);
    const page = await owner.client.get(added.location!);
    expect(page.text).toContain("_domainkey.shop.test");
    expect(page.text).toContain("v=DMARC1; p=none");
    expect(page.text).toContain('x-data="copyable"');

    const org = t.app.orgs.bySlug(owner.slug)!;
    const d = t.app.domains.list({ org, db: t.app.tenants.get(org.id) })[0]!;
    await dns.set({
      txt: Object.fromEntries(d.records.filter((r) => r.type === "TXT").map((r) => [r.name, [r.value]])),
      mx: [{ name: "bounce.shop.test", host: "mail.owlat.test", priority: 10 }],
      a: { "mail.owlat.test": "192.0.2.10" },
    });
    const fragment = await owner.client.request("POST", `${added.location}/verify`, { htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.text.startsWith('<div id="domain-records">')).toBe(true);
    expect(fragment.text).toContain(">verified<");
    const dash = await owner.client.get(`/o/${owner.slug}`);
    expect(dash.text).toMatch(/line-through">Verify a sending domain/);
  });
});

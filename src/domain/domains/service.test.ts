import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import { startDnsmasq, type Dnsmasq, type DnsZone } from "../../testing/dnsmasq";
import { createDnsResolve } from "../../lib/dns";
import { generateDkimKey, dkimTxt } from "./keys";
import { HOUR } from "../../lib/time";
import type { TenantContext } from "../context";
import type { SendingDomain } from "./model";

let dns: Dnsmasq;
beforeAll(async () => (dns = await startDnsmasq()));
afterAll(() => dns.stop());
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function setup() {
  const clock = manualClock(Date.now());
  const t = makeTestApp({ clock, env: { OWLAT_EHLO_HOSTNAME: "mail.owlat.test", OWLAT_SENDING_IPS: "192.0.2.10" }, resolve: createDnsResolve({ servers: [dns.server], timeoutMs: 1000, tries: 1 }) });
  apps.push(t);
  const { user, org } = await t.app.accounts.setup({ email: "owner@example.com", password: "correct horse battery", orgName: "Acme" }, { userId: null, label: "t", ip: null, userAgent: null });
  const ctx: TenantContext = { org, role: "owner", db: t.app.tenants.get(org.id), actor: { userId: user.id, label: user.email, ip: null, userAgent: null } };
  return { ...t, clock, ctx };
}

/** Publishes every record the app shows for the domain (optionally overriding some). */
function zoneFor(d: SendingDomain, override: Partial<Record<string, string>> = {}): DnsZone {
  const zone: DnsZone = { txt: {}, mx: [], a: { "mail.owlat.test": "192.0.2.10" } };
  for (const r of d.records) {
    const value = override[r.id] ?? r.value;
    if (r.type === "MX") zone.mx!.push({ name: r.name, host: value.split(" ")[1]!, priority: Number(value.split(" ")[0]) });
    else (zone.txt![r.name] ??= []).push(value);
  }
  return zone;
}

describe("sending domains", () => {
  test("add shows DKIM, DMARC p=none, bounce MX and SPF; the key is RSA-2048 and stored sealed", async () => {
    const { app, ctx } = await setup();
    const d = app.domains.add(ctx, { domain: "News.Example.Test." });
    expect(d.domain).toBe("news.example.test");
    expect(d.status).toBe("pending");
    const ids = d.records.map((r) => r.id);
    expect(ids).toEqual([`dkim:${d.keys[0]!.selector}`, "dmarc", "bounce-mx", "bounce-spf", "spf"]);
    const dkim = d.records[0]!;
    expect(dkim.name).toBe(`${d.keys[0]!.selector}._domainkey.news.example.test`);
    expect(dkim.value).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN/);
    expect(d.records.find((r) => r.id === "dmarc")!.value).toBe("v=DMARC1; p=none");
    expect(d.records.find((r) => r.id === "bounce-mx")).toMatchObject({ name: "bounce.news.example.test", value: "10 mail.owlat.test" });
    expect(d.records.find((r) => r.id === "bounce-spf")!.value).toBe("v=spf1 ip4:192.0.2.10 ~all");
    const raw = JSON.stringify(ctx.db.$client.query("SELECT * FROM dkim_keys").all());
    expect(raw).not.toContain("PRIVATE KEY");
    expect(() => app.domains.add(ctx, { domain: "news.example.test" })).toThrow(/already added/);
    expect(() => app.domains.add(ctx, { domain: "not a domain" })).toThrow(/not a domain name/);
    expect(app.audit.list({ orgId: ctx.org.id, resource: "sending_domain" }).map((e) => e.action)).toEqual(["sending_domain.registered"]);
  });

  test("verification goes through real DNS record by record; only verified domains may send", async () => {
    const { app, ctx } = await setup();
    const d = app.domains.add(ctx, { domain: "acme.test", ed25519: true });
    expect(d.keys.map((k) => k.algorithm).sort()).toEqual(["ed25519-sha256", "rsa-sha256"]);
    await dns.set({});
    const failed = await app.domains.verify(ctx, d.id);
    expect(failed.status).toBe("failed");
    expect(failed.checks!.dmarc!.ok).toBe(false);
    expect((await app.domains.canSendFrom(ctx, "acme.test")).ok).toBe(false);

    const wrongKey = dkimTxt("rsa-sha256", generateDkimKey().publicKey);
    await dns.set(zoneFor(d, { [`dkim:${d.keys.find((k) => k.algorithm === "rsa-sha256")!.selector}`]: wrongKey }));
    const wrong = await app.domains.verify(ctx, d.id);
    expect(wrong.status).toBe("failed");
    const rsaCheck = wrong.checks![`dkim:${d.keys.find((k) => k.algorithm === "rsa-sha256")!.selector}`]!;
    expect(rsaCheck.ok).toBe(false);
    expect(rsaCheck.detail).toContain("does not verify");
    expect(wrong.checks!.dmarc!.ok).toBe(true);

    await dns.set(zoneFor(d));
    const ok = await app.domains.verify(ctx, d.id);
    expect(JSON.stringify(Object.entries(ok.checks!).filter(([, c]) => !c.ok))).toBe("[]");
    expect(ok.status).toBe("verified");
    expect(await app.domains.canSendFrom(ctx, "acme.test")).toEqual({ ok: true, reason: null });
    expect((await app.domains.canSendFrom(ctx, "other.test")).reason).toContain("not a sending domain");
    expect(app.domains.signingKeys(ctx, "acme.test").map((k) => k.algorithm).sort()).toEqual(["ed25519-sha256", "rsa-sha256"]);
    expect(app.domains.signingKeys(ctx, "acme.test")[0]!.privateKeyPem).toContain("PRIVATE KEY");
  });

  test("a stale verification is re-checked before sending; DMARC policy changes need the record updated", async () => {
    const { app, ctx, clock } = await setup();
    const d = app.domains.add(ctx, { domain: "stale.test" });
    await dns.set(zoneFor(d));
    expect((await app.domains.verify(ctx, d.id)).status).toBe("verified");
    await dns.set({});
    clock.advance(25 * HOUR);
    expect((await app.domains.canSendFrom(ctx, "stale.test")).ok).toBe(false);

    const q = app.domains.setDmarcPolicy(ctx, d.id, "quarantine");
    expect(q.records.find((r) => r.id === "dmarc")!.value).toBe("v=DMARC1; p=quarantine");
    await dns.set(zoneFor(d));
    const stillNone = await app.domains.verify(ctx, d.id);
    expect(stillNone.checks!.dmarc!.detail).toContain("p=none");
    await dns.set(zoneFor(app.domains.get(ctx, d.id)));
    expect((await app.domains.verify(ctx, d.id)).status).toBe("verified");
    expect(() => app.domains.setDmarcPolicy(ctx, d.id, "maybe")).toThrow(/none, quarantine or reject/);
  });

  test("key rotation: the new key signs only once its DNS record verifies; the old one retires after 48 h", async () => {
    const { app, ctx, clock } = await setup();
    const d = app.domains.add(ctx, { domain: "rotate.test" });
    await dns.set(zoneFor(d));
    await app.domains.verify(ctx, d.id);
    const oldSelector = app.domains.signingKeys(ctx, "rotate.test")[0]!.selector;
    clock.advance(1000);
    const rotated = app.domains.rotateKey(ctx, d.id);
    const pending = rotated.keys.find((k) => k.status === "pending")!;
    expect(() => app.domains.rotateKey(ctx, d.id)).toThrow(/already waiting/);
    expect((await app.domains.verify(ctx, d.id)).status).toBe("verified");
    expect(app.domains.signingKeys(ctx, "rotate.test")[0]!.selector).toBe(oldSelector);
    await dns.set(zoneFor(app.domains.get(ctx, d.id)));
    await app.domains.maintain(ctx);
    expect(app.domains.signingKeys(ctx, "rotate.test")[0]!.selector).toBe(pending.selector);
    const keys = app.domains.get(ctx, d.id).keys;
    expect(keys.find((k) => k.selector === oldSelector)!.status).toBe("retiring");
    clock.advance(49 * HOUR);
    await app.domains.maintain(ctx);
    expect(app.domains.get(ctx, d.id).keys.find((k) => k.selector === oldSelector)!.status).toBe("retired");
    expect(app.domains.get(ctx, d.id).records.some((r) => r.id === `dkim:${oldSelector}`)).toBe(false);
  });

  test("a DNS server that does not answer gives a classified failure, not a hang", async () => {
    const t = makeTestApp({ resolve: createDnsResolve({ servers: ["127.0.0.1:9"], timeoutMs: 200, tries: 1 }) });
    apps.push(t);
    const { user, org } = await t.app.accounts.setup({ email: "o@example.com", password: "correct horse battery", orgName: "A" }, { userId: null, label: "t", ip: null, userAgent: null });
    const ctx: TenantContext = { org, role: "owner", db: t.app.tenants.get(org.id), actor: { userId: user.id, label: "o", ip: null, userAgent: null } };
    const d = t.app.domains.add(ctx, { domain: "timeout.test" });
    const started = Date.now();
    const r = await t.app.domains.verify(ctx, d.id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe("failed");
    expect(r.checks!.dmarc!.detail).toMatch(/DNS lookup failed/);
  });
});

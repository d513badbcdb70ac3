// The appliance with its built-in MTA against real peers: dnsmasq for MX/TXT, our recording MX, swaks
// for inbound bounces, python3-dkim as the independent verifier.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../src/testing/test-app";
import { startDnsmasq, type Dnsmasq, type DnsZone } from "../../src/testing/dnsmasq";
import { freePort, startSink, verifyDkim, type Received } from "../../src/testing/smtp";
import { createDnsResolve } from "../../src/lib/dns";
import type { TenantContext } from "../../src/domain/context";
import type { SendingDomain } from "../../src/domain/domains/model";
import { TestClient } from "../../src/testing/client";

setDefaultTimeout(30_000);

let dns: Dnsmasq;
let sink: Awaited<ReturnType<typeof startSink>>;
let t: TestApp;
let ctx: TenantContext;
let domain: SendingDomain;
let inboundPort: number;

const BASE_ZONE: DnsZone = {
  mx: [{ name: "example.test", host: "mx.example.test", priority: 10 }],
  a: { "mx.example.test": "127.0.0.1", "mail.owlat.test": "127.0.0.1" },
};

function zoneWith(d: SendingDomain): DnsZone {
  const zone: DnsZone = { ...BASE_ZONE, txt: {}, mx: [...BASE_ZONE.mx!] };
  for (const r of d.records) {
    if (r.type === "MX") zone.mx!.push({ name: r.name, host: r.value.split(" ")[1]!, priority: 10 });
    else (zone.txt![r.name] ??= []).push(r.value);
  }
  return zone;
}

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

beforeAll(async () => {
  dns = await startDnsmasq(BASE_ZONE);
  sink = await startSink({ onRcpt: (rcpt) => (rcpt === "nobody@example.test" ? { code: 550, message: "5.1.1 <nobody@example.test>: user unknown" } : null) });
  inboundPort = await freePort();
  t = makeTestApp({
    flags: { "--dev": false },
    env: {
      OWLAT_DNS_SERVERS: dns.server, OWLAT_MTA_DESTINATION_PORT: String(sink.port), OWLAT_EHLO_HOSTNAME: "mail.owlat.test",
      OWLAT_SENDING_IPS: "127.0.0.1", OWLAT_MTA_INBOUND_PORT: String(inboundPort), OWLAT_MTA_INBOUND_HOST: "127.0.0.1",
      OWLAT_MAIL_FROM: "Owlat <noreply@acme.test>",
    },
    resolve: createDnsResolve({ servers: [dns.server], timeoutMs: 1000 }),
  });
  await t.app.startBackground();
  const { user, org } = await t.app.accounts.setup({ email: "owner@example.test", password: "correct horse battery", orgName: "Acme" }, { userId: null, label: "t", ip: null, userAgent: null });
  ctx = { org, role: "owner", db: t.app.tenants.get(org.id), actor: { userId: user.id, label: user.email, ip: null, userAgent: null } };
  domain = t.app.domains.add(ctx, { domain: "acme.test" });
  await dns.set(zoneWith(domain));
  expect((await t.app.domains.verify(ctx, domain.id)).status).toBe("verified");
});

afterAll(async () => {
  await t?.close();
  await sink?.close();
  await dns?.stop();
});

const raw = (to: string, subject: string) =>
  `From: Acme <news@acme.test>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${crypto.randomUUID()}@acme.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n`;

const events = () => t.app.deliveries.recent(ctx, ["delivered", "bounced", "deferred", "failed", "complained"], 100);
const dkimTxt = () => Object.fromEntries(domain.records.filter((r) => r.id.startsWith("dkim:")).map((r) => [r.name, r.value]));

describe("the built-in MTA in the appliance", () => {
  test("organization mail is DKIM-signed with the domain's key, the return path aligns, outcomes are recorded", async () => {
    const r = await t.app.mta().enqueue([
      { id: "m-ada", tenant: ctx.org.id, from: "news@acme.test", to: "ada@example.test", raw: raw("ada@example.test", "Hi Ada") },
      { id: "m-nobody", tenant: ctx.org.id, from: "news@acme.test", to: "nobody@example.test", raw: raw("nobody@example.test", "Hi?") },
    ]);
    expect(r.accepted).toBe(2);
    const got: Received = await until("delivery to ada", () => sink.received.find((m) => m.to.includes("ada@example.test")));
    expect(got.from).toMatch(/^bounce\+[0-9a-z]+\+[A-Za-z0-9_-]{12}@bounce\.acme\.test$/);
    expect(got.ehlo).toBe("mail.owlat.test");
    expect(await verifyDkim([got.data], dkimTxt())).toEqual([true]);
    await until("recorded outcomes", () => events().filter((e) => e.type === "delivered" || e.type === "bounced").length >= 2);
    const bounce = events().find((e) => e.recipient === "nobody@example.test")!;
    expect(bounce).toMatchObject({ type: "bounced", class: "hard", replyCode: 550 });
    expect(events().find((e) => e.recipient === "ada@example.test")!.type).toBe("delivered");
  });

  test("a hard bounce blocklists the address at once; later mail to it is suppressed, not sent", async () => {
    expect(t.app.audience.blocklist.entry(ctx, "nobody@example.test")).toMatchObject({ reason: "bounced" });
    const before = sink.received.length;
    await t.app.mta().enqueue([{ id: "m-nobody-2", tenant: ctx.org.id, from: "news@acme.test", to: "nobody@example.test", raw: raw("nobody@example.test", "Again") }]);
    const failed = await until("suppressed event", () => events().find((e) => e.messageId === "m-nobody-2"));
    expect(failed).toMatchObject({ type: "failed", class: "suppressed" });
    expect(sink.received.length).toBe(before);
  });

  test("system mail (a password reset) goes out through the MTA", async () => {
    await t.app.accounts.requestPasswordReset("owner@example.test", { userId: null, label: "t", ip: null, userAgent: null });
    const got = await until("reset mail", () => sink.received.find((m) => m.to.includes("owner@example.test")));
    expect(got.data.toString()).toContain("Reset your Owlat password");
    expect(await verifyDkim([got.data], dkimTxt())).toEqual([true]);
  });

  test("a DSN sent to the VERP address is attributed; the intake refuses anything else (never relays)", async () => {
    const ada = sink.received.find((m) => m.to.includes("ada@example.test"))!;
    const dsn = [
      `From: MAILER-DAEMON@mx.example.test`, `To: ${ada.from}`, `Subject: Undelivered Mail Returned to Sender`,
      `MIME-Version: 1.0`, `Content-Type: multipart/report; report-type=delivery-status; boundary="b1"`, ``,
      `--b1`, `Content-Type: text/plain`, ``, `Your message could not be delivered.`, ``,
      `--b1`, `Content-Type: message/delivery-status`, ``, `Reporting-MTA: dns; mx.example.test`, ``,
      `Final-Recipient: rfc822; ada@example.test`, `Action: failed`, `Status: 5.1.1`, `Diagnostic-Code: smtp; 550 5.1.1 mailbox gone`, ``,
      `--b1--`, ``,
    ].join("\r\n");
    // Async: the intake runs in this process, so a blocking spawn would starve it.
    const swaks = async (to: string, data?: string) => {
      const p = Bun.spawn(["swaks", "--server", "127.0.0.1", "--port", String(inboundPort), "--timeout", "10", "--from", "mailer-daemon@mx.example.test", "--to", to, "--helo", "mx.example.test", ...(data ? ["--data", data] : []), "--silent", "2"], { stdout: "pipe", stderr: "pipe" });
      const [exitCode, out, err] = await Promise.all([p.exited, new Response(p.stdout).text(), new Response(p.stderr).text()]);
      return { exitCode, output: out + err };
    };
    expect((await swaks(ada.from, dsn)).exitCode).toBe(0);
    await until("DSN bounce", () => events().find((e) => e.recipient === "ada@example.test" && e.type === "bounced" && e.source === "dsn"));
    for (const to of ["someone@gmail.com", "postmaster@bounce.acme.test", "user%other.test@bounce.acme.test", "bounce+1+AAAAAAAAAAAA@bounce.acme.test"]) {
      const out = await swaks(to);
      expect(out.exitCode).not.toBe(0);
      expect(out.output).toContain("550");
    }
  });

  test("the organization circuit breaker pauses sending when bounces pile up", async () => {
    const now = Date.now();
    const burst = Array.from({ length: 60 }, (_, i) => ({
      eventId: `burst-${i}`, type: i % 3 === 0 ? "delivered" : "bounced", at: now + i, messageId: `burst-${i}`, recipient: `x${i}@example.test`, attempt: 1,
      egressIp: null, mx: null, reply: { code: 550, enhanced: "5.1.1", text: "user unknown" }, class: i % 3 === 0 ? "delivered" : "hard", reason: "user unknown",
    })) as Parameters<typeof t.app.deliveries.record>[1];
    t.app.deliveries.record(ctx, burst);
    expect(t.app.deliveries.breaker(ctx).state).toBe("open");
    expect(t.app.deliveries.isPaused(ctx)).toBe(true);
    expect(t.app.deliveries.abuseStatus(ctx)).toBe("warned");
    expect(t.app.audit.list({ orgId: ctx.org.id, range: "all" }).map((e) => e.action)).toContain("deliverability.circuit_breaker_opened");
    t.app.deliveries.record(ctx, burst);
    expect(t.app.deliveries.recent(ctx, ["bounced"], 500).filter((e) => e.eventId.startsWith("burst-")).length).toBe(40);
  });

  test("health, metrics and the Deliverability page show the engine and the organization's outcomes", async () => {
    const c = new TestClient(t.http);
    expect(JSON.parse((await c.get("/health")).text)).toMatchObject({ database: true, mta: true });
    expect((await c.get("/metrics")).text).toMatch(/owlat_mta_events_total\{type="bounced",class="hard"\} \d+/);
    await c.get("/login");
    expect((await c.post("/login", { email: "owner@example.test", password: "correct horse battery" })).status).toBe(303);
    const page = await c.get(`/o/${ctx.org.slug}/deliverability`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("nobody@example.test");
    expect(page.text).toContain("Per-provider lanes");
    expect(page.text).toContain("open");
  });
});

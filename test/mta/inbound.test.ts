import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { createMta, verpAddress, type Mta } from "../../mta/index.ts";
import { collector, freePort, message, startSink, tempDir, zoneResolver } from "./helpers.ts";

const tmp = tempDir();
const events = collector();
const fixtures = join(import.meta.dir, "../../mta/fixtures/bounces");
const SECRET = "inbound-secret-inbound-secret-inbound!";
let mta: Mta;
let inboundPort: number;
let sink: Awaited<ReturnType<typeof startSink>>;
const verp: Record<string, string> = {};

beforeAll(async () => {
  const port = await freePort();
  sink = await startSink({ port });
  mta = createMta({
    spoolPath: `${tmp.dir}/spool.sqlite`,
    ehlo: "mta.sender.test",
    bounceDomain: "bounces.sender.test",
    verpSecret: SECRET,
    signingKeys: { keysFor: () => [] },
    events,
    resolver: zoneResolver({ mx: { "example.net": [{ exchange: "mx.example.net", priority: 10 }], "yahoo.test": [{ exchange: "mx.yahoo.test", priority: 10 }] }, a: { "mx.example.net": ["127.0.0.1"], "mx.yahoo.test": ["127.0.0.1"] } }),
    port,
    mtaSts: false,
    logger: { info() {}, warn() {}, error() {} },
  });
  await mta.start();
  const rcpts = ["jane.doe@example.net", "full.box@example.net", "slow@example.net", "annoyed.reader@yahoo.test"];
  await mta.enqueue(rcpts.map((to, i) => ({ id: `msg-${i}`, tenant: "t9", from: "news@sender.test", to, raw: message("news@sender.test", to, `hi ${i}`) })));
  await events.waitFor((e) => e.filter((x) => x.type === "delivered").length === rcpts.length);
  for (const r of sink.received) verp[r.to[0]!] = r.from;
  inboundPort = (await mta.startInbound({ port: 0, host: "127.0.0.1" })).port;
});

afterAll(async () => {
  await mta?.stop({ timeoutMs: 2000 });
  await sink?.close();
  tmp.cleanup();
});

function send(to: string, raw: string | Buffer, conn?: SMTPConnection): Promise<{ ok: boolean; response: string }> {
  return new Promise((resolve) => {
    const c = conn ?? new SMTPConnection({ host: "127.0.0.1", port: inboundPort, ignoreTLS: true, logger: false });
    const go = () =>
      c.send({ from: "", to: [to] }, typeof raw === "string" ? Buffer.from(raw, "latin1") : raw, (err, info) => {
        if (!conn) c.quit();
        resolve(err ? { ok: false, response: String((err as { response?: string }).response ?? err.message) } : { ok: true, response: info!.response });
      });
    if (conn) go();
    else c.connect(go);
  });
}

const fixture = (name: string, replacements: Record<string, string>) => {
  let raw = readFileSync(join(fixtures, name), "latin1");
  for (const [from, to] of Object.entries(replacements)) raw = raw.split(from).join(to);
  return raw;
};

describe("bounce and complaint intake", () => {
  test("a Postfix DSN to the VERP address becomes a hard bounce of that delivery", async () => {
    const rp = verp["jane.doe@example.net"]!;
    expect((await send(rp, fixture("postfix-user-unknown.eml", { "bounce+3f+AbCdEfGhIjKl@bounces.sender.test": rp }))).ok).toBe(true);
    await events.waitFor((e) => e.some((x) => x.type === "bounced" && x.recipient === "jane.doe@example.net"));
    expect(events.events.find((x) => x.type === "bounced" && x.recipient === "jane.doe@example.net")).toMatchObject({ tenant: "t9", messageId: "msg-0", class: "hard", reason: "user_unknown", source: "dsn", reply: { code: 550, enhanced: "5.1.1" } });
  });
  test("mailbox full DSN is a soft bounce; a delayed DSN is informational only (§9.5)", async () => {
    await send(verp["full.box@example.net"]!, fixture("postfix-mailbox-full.eml", { "full.box@mailhost.example": "full.box@example.net" }));
    await send(verp["slow@example.net"]!, fixture("postfix-delayed.eml", { "slow@example.org": "slow@example.net" }));
    await events.waitFor((e) => e.some((x) => x.type === "bounced" && x.recipient === "full.box@example.net"));
    await Bun.sleep(200);
    expect(events.events.find((x) => x.type === "bounced" && x.recipient === "full.box@example.net")).toMatchObject({ class: "soft", reason: "mailbox_full" });
    expect(events.events.some((x) => x.type === "bounced" && x.recipient === "slow@example.net")).toBe(false);
  });
  test("an ARF report to fbl@ is attributed through the original's VERP Return-Path", async () => {
    const rp = verp["annoyed.reader@yahoo.test"]!;
    expect((await send("fbl@bounces.sender.test", fixture("arf-yahoo.eml", { "bounce+4d+AbCdEfGhIjKl@bounces.sender.test": rp, "annoyed.reader@yahoo.com": "annoyed.reader@yahoo.test" }))).ok).toBe(true);
    await events.waitFor((e) => e.some((x) => x.type === "complained"));
    expect(events.events.find((x) => x.type === "complained")).toMatchObject({ tenant: "t9", messageId: "msg-3", recipient: "annoyed.reader@yahoo.test", class: "complaint", reason: "abuse" });
  });
  test("an ARF with a forged return path is accepted but attributes nothing", async () => {
    const before = events.events.length;
    const forged = verpAddress(3, "bounces.sender.test", "another-secret-another-secret-another!!");
    expect((await send("fbl@bounces.sender.test", fixture("arf-yahoo.eml", { "bounce+4d+AbCdEfGhIjKl@bounces.sender.test": forged }))).ok).toBe(true);
    await Bun.sleep(200);
    expect(events.events.length).toBe(before);
  });
});

/** The server's answer to RCPT TO, or null when the client never got that far. */
function rcptReply(out: string): string | null {
  const lines = out.split("\n");
  const i = lines.findIndex((l) => l.includes("-> RCPT TO"));
  return i < 0 ? null : (lines[i + 1] ?? "");
}

async function swaks(args: string[]): Promise<string> {
  const p = spawn(["swaks", "--server", "127.0.0.1", "--port", String(inboundPort), "--from", "probe@outside.example", "--timeout", "5", ...args], { stdout: "pipe", stderr: "pipe" });
  const out = (await new Response(p.stdout).text()) + (await new Response(p.stderr).text());
  await p.exited;
  return out;
}

describe("never an open relay (swaks probes)", () => {
  const targets = ["victim@gmail.com", "user%other.example@bounces.sender.test", '"@"@bounces.sender.test', "user@bounces.sender.test", "postmaster@bounces.sender.test", "bounce+1+AAAAAAAAAAAA@bounces.sender.test", "fbl@gmail.com", "@relay.example:victim@gmail.com", "victim@gmail.com@bounces.sender.test"];
  for (const to of targets) {
    test(`RCPT ${to} is refused (no AUTH)`, async () => {
      const out = await swaks(["--to", to, "--quit-after", "RCPT"]);
      expect(rcptReply(out)).toMatch(/^<\*\* 5\d\d /);
    });
  }
  test("with AUTH: AUTH is not offered, and forcing on refuses the relay at RCPT", async () => {
    const strict = await swaks(["--to", "victim@gmail.com", "--auth", "PLAIN", "--auth-user", "admin", "--auth-password", "admin", "--quit-after", "RCPT"]);
    expect(strict).not.toMatch(/AUTH PLAIN[^\n]*\n<-  235/);
    expect(rcptReply(strict) ?? "<** 5xx (never reached RCPT)").toMatch(/^<\*\* 5/);
    const optional = await swaks(["--to", "victim@gmail.com", "--auth-optional", "PLAIN", "--auth-user", "admin", "--auth-password", "admin", "--quit-after", "RCPT"]);
    expect(rcptReply(optional)).toMatch(/^<\*\* 550 5\.7\.1 relaying denied/);
  });
});

describe("malformed MIME fuzz", () => {
  test("1,000 broken messages never crash the server", async () => {
    const base = ["postfix-user-unknown.eml", "arf-yahoo.eml", "gmail.eml", "exim-dsn.eml", "office365.eml"].map((f) => readFileSync(join(fixtures, f)));
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const mutate = (b: Buffer, i: number): Buffer => {
      const s = Buffer.from(b);
      switch (i % 8) {
        case 0: return s.subarray(0, rnd(s.length)); // truncated
        case 1: for (let k = 0; k < 50; k++) s[rnd(s.length)] = rnd(256); return s; // random bytes
        case 2: return Buffer.from(s.toString("latin1").replace(/boundary="?[^"\s;]+"?/g, 'boundary="' + "x".repeat(rnd(3000)) + '"'), "latin1");
        case 3: return Buffer.from("Content-Type: multipart/mixed; boundary=a\r\n\r\n" + "--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n".repeat(200 + rnd(300)), "latin1");
        case 4: return Buffer.from(s.toString("latin1").replace(/Content-Type: message\/delivery-status/g, "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64"), "latin1");
        case 5: return Buffer.concat([Buffer.from("X-Long: " + "h".repeat(50_000 + rnd(100_000)) + "\r\n"), s]);
        case 6: return Buffer.from(s.toString("latin1").replace(/\r?\n/g, () => ["\n", "\r", "\r\n", "\0"][rnd(4)]!), "latin1");
        default: return Buffer.from(Array.from({ length: rnd(4000) }, () => rnd(256)));
      }
    };
    const rp = verp["jane.doe@example.net"]!;
    const conns = Array.from({ length: 4 }, () => new SMTPConnection({ host: "127.0.0.1", port: inboundPort, ignoreTLS: true, logger: false, socketTimeout: 20_000 }));
    await Promise.all(conns.map((c) => new Promise<void>((r) => c.connect(() => r()))));
    let answered = 0;
    await Promise.all(conns.map(async (c, ci) => {
      for (let i = ci; i < 1000; i += conns.length) {
        const res = await send(rp, mutate(base[i % base.length]!, i), c);
        if (res.response) answered++;
      }
    }));
    conns.forEach((c) => c.quit());
    expect(answered).toBe(1000);
    expect((await send(verp["slow@example.net"]!, fixture("autoreply.eml", {}))).ok).toBe(true); // still serving
    expect(mta.health().inbound).toBe(true);
  }, 60_000);
});

import { spawn, type Subprocess } from "bun";
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import type { DkimKey, MtaEvent, MxRecord, Resolver } from "../../mta/index.ts";

export function tempDir(prefix = "mta-test-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, host, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Zone {
  mx?: Record<string, MxRecord[]>;
  a?: Record<string, string[]>;
  txt?: Record<string, string[][]>;
  nxdomain?: string[];
  timeout?: string[];
}

const dnsError = (code: string) => Object.assign(new Error(code), { code });

/** In-process zone resolver (for unit tests; end-to-end tests use dnsmasq). */
export function zoneResolver(zone: Zone): Resolver {
  const look = async <T>(table: Record<string, T> | undefined, name: string): Promise<T> => {
    if (zone.timeout?.includes(name)) throw dnsError("ETIMEOUT");
    if (zone.nxdomain?.includes(name)) throw dnsError("ENOTFOUND");
    const v = table?.[name];
    if (v === undefined) throw dnsError("ENODATA");
    return v;
  };
  return { mx: (d) => look(zone.mx, d), a: (h) => look(zone.a, h), txt: (n) => look(zone.txt, n) };
}

export function rsaKey(domain: string, selector = "s1"): { key: DkimKey; publicB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicB64 = (publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
  return { key: { domain, selector, algorithm: "rsa", privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string }, publicB64 };
}

export function edKey(domain: string, selector = "e1"): { key: DkimKey; publicB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = (publicKey.export({ type: "spki", format: "der" }) as Buffer).subarray(12);
  return { key: { domain, selector, algorithm: "ed25519", privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string }, publicB64: raw.toString("base64") };
}

export interface Received {
  from: string;
  to: string[];
  data: Buffer;
  at: number;
  remote: string;
  ehlo: string;
  user?: string;
  secure: boolean;
}

export type RcptBehavior = (rcpt: string, session: SMTPServerSession) => { code: number; message: string } | null;

export interface SinkOptions {
  host?: string;
  port?: number;
  onRcpt?: RcptBehavior;
  onData?: (raw: Buffer, session: SMTPServerSession) => { code: number; message: string } | "drop" | null;
  hideStartTls?: boolean;
  delayMs?: number;
  /** Require AUTH PLAIN/LOGIN with these credentials (smarthost tests). */
  auth?: { user: string; pass: string };
}

/** Our own receiving MX (smtp-server) that records messages and can inject faults. */
export async function startSink(o: SinkOptions = {}): Promise<{ port: number; host: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const host = o.host ?? "127.0.0.1";
  const server = new SMTPServer({
    authOptional: !o.auth,
    allowInsecureAuth: false,
    disabledCommands: o.auth ? [] : o.hideStartTls === false ? ["AUTH"] : ["AUTH", "STARTTLS"],
    onAuth(auth, _session, cb) {
      if (o.auth && auth.username === o.auth.user && auth.password === o.auth.pass) return cb(null, { user: auth.username });
      cb(Object.assign(new Error("5.7.8 Authentication failed"), { responseCode: 535 }));
    },
    logger: false,
    size: 50 * 1024 * 1024,
    onRcptTo(addr, session, cb) {
      const r = o.onRcpt?.(addr.address, session);
      if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const data = Buffer.concat(chunks);
        if (o.delayMs) await Bun.sleep(o.delayMs);
        const r = o.onData?.(data, session);
        if (r === "drop") return (session as unknown as { _socket?: { destroy(): void } })._socket?.destroy?.();
        if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((t) => t.address), data, at: Date.now(), remote: session.remoteAddress, ehlo: session.hostNameAppearsAs, user: session.user as string | undefined, secure: session.secure });
        cb();
      });
    },
  });
  server.on("error", () => {});
  const port = o.port ?? (await freePort(host));
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  return { port, host, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Postfix's smtp-sink on a loopback address. */
export async function startSmtpSink(host: string, port: number, extra: string[] = []): Promise<Subprocess> {
  const p = spawn(["/usr/sbin/smtp-sink", "-u", "root", ...extra, `${host}:${port}`, "2048"], { stdout: "ignore", stderr: "ignore" });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = require("node:net").connect(port, host, () => (s.end(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return p;
    await Bun.sleep(50);
  }
  throw new Error("smtp-sink did not start");
}

export interface DnsRecords {
  mx?: [string, string, number][];
  a?: [string, string][];
  txt?: [string, string][];
  nxdomain?: string[];
}

/** dnsmasq on a loopback port serving only the given records. */
export async function startDnsmasq(records: DnsRecords): Promise<{ server: string; stop(): void }> {
  const port = await freePort();
  const args = ["/usr/sbin/dnsmasq", `--port=${port}`, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--keep-in-foreground", "--no-daemon", "--user=root", "--pid-file="];
  for (const [name, host, pref] of records.mx ?? []) args.push(`--mx-host=${name},${host},${pref}`);
  for (const [name, ip] of records.a ?? []) args.push(`--host-record=${name},${ip}`);
  for (const [name, value] of records.txt ?? []) args.push(`--txt-record=${name},${value}`);
  for (const name of records.nxdomain ?? []) args.push(`--address=/${name}/`);
  const p = spawn(args, { stdout: "ignore", stderr: "pipe" });
  await Bun.sleep(300);
  if (p.exitCode !== null) throw new Error(`dnsmasq exited: ${await new Response(p.stderr).text()}`);
  return { server: `127.0.0.1:${port}`, stop: () => p.kill() };
}

/** Verify DKIM signatures with python3-dkim (an independent verifier), keys served by a dict. */
export async function verifyDkim(messages: Buffer[], txt: Record<string, string>): Promise<boolean[]> {
  const script = `
import sys, json, base64, dkim
data = json.load(sys.stdin)
keys = {k.encode(): v.encode() for k, v in data["txt"].items()}
def dnsfunc(name, timeout=5):
    return keys.get(name.rstrip(b".") if isinstance(name, bytes) else name.encode(), None)
out = []
for m in data["messages"]:
    raw = base64.b64decode(m)
    try:
        d = dkim.DKIM(raw)
        sigs = [i for i, h in enumerate(d.headers) if h[0].lower() == b"dkim-signature"]
        ok = len(sigs) > 0 and all(d.verify(idx=i, dnsfunc=dnsfunc) for i in range(len(sigs)))
    except Exception as e:
        ok = False
    out.append(ok)
print(json.dumps(out))
`;
  const p = spawn(["/usr/bin/python3", "-c", script], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  p.stdin.write(JSON.stringify({ messages: messages.map((m) => m.toString("base64")), txt }));
  p.stdin.end();
  const out = await new Response(p.stdout).text();
  await p.exited;
  if (!out.trim()) throw new Error(`python dkim failed: ${await new Response(p.stderr).text()}`);
  return JSON.parse(out) as boolean[];
}

export function collector(): { events: MtaEvent[]; emit(batch: MtaEvent[]): void; waitFor(pred: (e: MtaEvent[]) => boolean, timeoutMs?: number): Promise<void> } {
  const events: MtaEvent[] = [];
  return {
    events,
    emit(batch) {
      events.push(...batch);
    },
    async waitFor(pred, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!pred(events)) {
        if (Date.now() > until) throw new Error(`timed out; events so far: ${JSON.stringify(events.map((e) => [e.type, e.recipient, e.class, e.reply?.text]).slice(-10))}`);
        await Bun.sleep(20);
      }
    },
  };
}

export function message(from: string, to: string, subject: string, body = "Hello there.\r\n"): string {
  return `From: Sender <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${crypto.randomUUID()}@${from.split("@")[1]}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
}

import { spawn, type Subprocess } from "bun";
import { createServer } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** Real SMTP peers for tests: our own recording receiver, Postfix's smtp-sink, and python3-dkim as verifier. */
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


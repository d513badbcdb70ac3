import { spawn } from "bun";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DkimKey, MtaEvent, MxRecord, Resolver } from "../../mta/index.ts";
import { freePort } from "../../src/testing/smtp";

export { freePort, startSink, startSmtpSink, verifyDkim, type Received, type RcptBehavior, type SinkOptions } from "../../src/testing/smtp";

export function tempDir(prefix = "mta-test-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";

export interface DnsZone {
  /** Domains answered only from these records (NXDOMAIN for anything else under them). Default: test, example. */
  local?: string[];
  txt?: Record<string, string[]>;
  mx?: { name: string; host: string; priority: number }[];
  a?: Record<string, string>;
}

/** A real DNS server (dnsmasq) on a loopback port, serving exactly the given records. */
export interface Dnsmasq {
  server: string;
  port: number;
  /** Replace the served records (dnsmasq restarts; takes a few milliseconds). */
  set(zone: DnsZone): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** dnsmasq itself splits values longer than 255 bytes into several character-strings of one record. */
const txtValue = (v: string) => `"${v.replace(/"/g, '\\"')}"`;

function config(zone: DnsZone): string {
  const lines: string[] = (zone.local ?? ["test", "example"]).map((d) => `local=/${d}/`);
  for (const [name, values] of Object.entries(zone.txt ?? {})) for (const v of values) lines.push(`txt-record=${name},${txtValue(v)}`);
  for (const mx of zone.mx ?? []) lines.push(`mx-host=${mx.name},${mx.host},${mx.priority}`);
  for (const [name, ip] of Object.entries(zone.a ?? {})) lines.push(`host-record=${name},${ip}`);
  return lines.join("\n") + "\n";
}

export async function startDnsmasq(zone: DnsZone = {}): Promise<Dnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), "owlat-dns-"));
  const confPath = join(dir, "zone.conf");
  const port = await freePort();
  let proc: ReturnType<typeof Bun.spawn> | null = null;
  const start = async (z: DnsZone) => {
    writeFileSync(confPath, config(z));
    proc = Bun.spawn(["/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-daemon", `--port=${port}`, "--listen-address=127.0.0.1", "--bind-interfaces",
      "--no-resolv", "--no-hosts", "--no-poll", "--cache-size=0", "--user=root", `--conf-file=${confPath}`, "--log-facility=-"], { stdout: "ignore", stderr: "pipe" });
    await Bun.sleep(60);
    if (proc.exitCode !== null) throw new Error(`dnsmasq exited: ${await new Response(proc.stderr as ReadableStream).text()}`);
  };
  const stopProc = async () => {
    if (!proc) return;
    proc.kill("SIGTERM");
    await proc.exited;
    proc = null;
  };
  await start(zone);
  return {
    server: `127.0.0.1:${port}`,
    port,
    async set(z) {
      await stopProc();
      await start(z);
    },
    async stop() {
      await stopProc();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

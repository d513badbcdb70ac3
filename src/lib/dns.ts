import { promises as dns } from "node:dns";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import * as packet from "dns-packet";

/** The shape mailauth expects: `dns.promises.resolve(name, rrtype)`. */
export type DnsResolve = (name: string, rrtype: string) => Promise<unknown>;

export interface DnsOptions {
  /** "host" or "host:port" entries; empty = the system resolver's servers. */
  servers?: string[];
  timeoutMs?: number;
  tries?: number;
}

class DnsError extends Error {
  constructor(readonly code: string, name: string) {
    super(`${code} ${name}`);
  }
}

function systemServers(): string[] {
  try {
    return readFileSync("/etc/resolv.conf", "utf8").split("\n").map((l) => l.match(/^\s*nameserver\s+(\S+)/)?.[1]).filter((s): s is string => !!s);
  } catch {
    return ["127.0.0.1"];
  }
}

function hostPort(server: string): { host: string; port: number } {
  const m = server.match(/^\[?([^\]]+?)\]?(?::(\d+))?$/)!;
  const isV6 = server.split(":").length > 2 && !server.startsWith("[");
  return isV6 ? { host: server, port: 53 } : { host: m[1]!, port: Number(m[2] ?? 53) };
}

/** One UDP query (dns-packet); answers TXT records with their character-strings kept together. */
function queryTxt(server: string, name: string, timeoutMs: number): Promise<string[][]> {
  const { host, port } = hostPort(server);
  const id = Math.floor(Math.random() * 65535);
  const msg = packet.encode({ type: "query", id, flags: packet.RECURSION_DESIRED, questions: [{ type: "TXT", name }] });
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new DnsError("ETIMEOUT", name));
    }, timeoutMs);
    socket.on("message", (buf) => {
      const res = packet.decode(buf);
      if (res.id !== id) return;
      clearTimeout(timer);
      socket.close();
      const rcode = (res as { rcode?: string }).rcode;
      if (rcode === "NXDOMAIN") return reject(new DnsError("ENOTFOUND", name));
      if (rcode && rcode !== "NOERROR") return reject(new DnsError(rcode === "REFUSED" ? "EREFUSED" : "ESERVFAIL", name));
      const txt = (res.answers ?? []).filter((a) => a.type === "TXT").map((a) => (a.data as Buffer[]).map((b) => b.toString("utf8")));
      if (txt.length === 0) return reject(new DnsError("ENODATA", name));
      resolve(txt);
    });
    socket.on("error", (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
    socket.send(msg, port, host);
  });
}

/**
 * A resolver bound to the configured DNS servers (tests point it at a local dnsmasq). TXT goes through
 * our own query because Bun 1.4's resolveTxt returns each character-string of a long TXT record
 * (a 2048-bit DKIM key) as a separate record; other types use node:dns.
 */
export function createDnsResolve(opts: DnsOptions = {}): DnsResolve {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const tries = opts.tries ?? 2;
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries });
  if (opts.servers?.length) resolver.setServers(opts.servers);
  const servers = opts.servers?.length ? opts.servers : systemServers();
  return async (name, rrtype) => {
    if (rrtype !== "TXT") return resolver.resolve(name, rrtype as "A");
    let last: unknown;
    for (let i = 0; i < tries; i++) {
      for (const server of servers) {
        try {
          return await queryTxt(server, name, timeoutMs);
        } catch (e) {
          if (e instanceof DnsError && e.code !== "ETIMEOUT") throw e;
          last = e;
        }
      }
    }
    throw last;
  };
}

export function parseServerList(text: string | undefined): string[] {
  return (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

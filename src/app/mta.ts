import { join } from "node:path";
import { createMta, type Mta } from "../../mta/index";
import { parseServerList } from "../lib/dns";
import { createMtaAdapters, type RecipeComposer } from "./mta-adapters";
import { ehloHostnameOf } from "./domains";
import type { App } from "./create-app";

export function mtaSpoolPath(dataDir: string): string {
  return join(dataDir, "mta", "spool.sqlite");
}

/** The engine's options from the configuration (smarthost when OWLAT_SMTP_HOST is set). */
export function createEngine(app: App, composers: Map<string, RecipeComposer>): Mta {
  const c = app.config;
  const ehlo = ehloHostnameOf(app);
  const ips = parseServerList(c.sendingIps);
  return createMta({
    spoolPath: mtaSpoolPath(c.dataDir),
    ehlo,
    bounceDomain: c.bounceDomain ?? `bounce.${ehlo}`,
    verpSecret: `${app.secret}:verp`,
    ...createMtaAdapters(app, composers),
    dns: { servers: parseServerList(c.dnsServers) },
    port: c.mtaDestinationPort,
    egress: ips.map((ip) => ({ ip, pools: ["transactional", "campaign"] })),
    smarthost: c.smtpHost
      ? { host: c.smtpHost, port: c.smtpPort, secure: c.smtpTls === "implicit", tls: c.smtpTls === "none" ? "none" : "required", user: c.smtpUser, password: c.smtpPassword }
      : undefined,
    logger: app.logger.child({ component: "mta" }),
    clock: app.clock,
  });
}

import { hostname } from "node:os";
import { createDnsResolve, parseServerList, type DnsResolve } from "../lib/dns";
import { createDomainsService, type DomainsService } from "../domain/domains/service";
import type { App } from "./create-app";
import type { DomainRegistry } from "../domain/domains/service";

const isFqdn = (h: string) => /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i.test(h);

/** EHLO name: the configured one, else the public URL's host, else this machine's name, when fully qualified. */
export function ehloHostnameOf(app: Pick<App, "config" | "publicUrl">): string {
  if (app.config.ehloHostname) return app.config.ehloHostname;
  return [new URL(app.publicUrl).hostname, hostname()].find(isFqdn) ?? "owlat.localdomain";
}

/** Sending domains: DNS resolver from config, the hourly re-check job, the onboarding step. */
type Core = Pick<App, "config" | "publicUrl" | "clock" | "audit" | "flags" | "secret" | "scheduler" | "orgs" | "tenants" | "onboarding">;

export function wireDomains(app: Core, registry: DomainRegistry, resolve?: DnsResolve): DomainsService {
  const service = createDomainsService({
    clock: app.clock,
    audit: app.audit,
    flags: app.flags,
    secret: app.secret,
    registry,
    resolve: resolve ?? createDnsResolve({ servers: parseServerList(app.config.dnsServers) }),
    settings: {
      ehloHostname: ehloHostnameOf(app),
      sendingIps: parseServerList(app.config.sendingIps),
      spfInclude: app.config.spfInclude,
      dmarcRua: app.config.dmarcRua,
    },
  });
  app.scheduler.register({
    name: "domains.maintain",
    schedule: "23 * * * *",
    description: "Re-check sending domains older than 24 h, activate rotated DKIM keys once published, retire replaced keys",
    run: async () => {
      let checked = 0;
      for (const org of app.orgs.list()) checked += (await service.maintain({ org, db: app.tenants.get(org.id) })).checked;
      return { checked };
    },
  });
  app.onboarding.addStep({ id: "domain", order: 6, label: "Verify a sending domain", path: "/settings/domains", done: (ctx) => service.hasVerified(ctx) });
  return service;
}

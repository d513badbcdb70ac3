import { createDnsResolve, parseServerList, type DnsResolve } from "../lib/dns";
import { createDomainsService, type DomainsService } from "../domain/domains/service";
import type { App } from "./create-app";

export function ehloHostnameOf(app: Pick<App, "config" | "publicUrl">): string {
  return app.config.ehloHostname ?? new URL(app.publicUrl).hostname;
}

/** Sending domains: DNS resolver from config, the hourly re-check job, the onboarding step. */
export function wireDomains(app: App, resolve?: DnsResolve): DomainsService {
  const service = createDomainsService({
    clock: app.clock,
    audit: app.audit,
    flags: app.flags,
    secret: app.secret,
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
  app.onboarding.addStep({ id: "domain", label: "Verify a sending domain", path: "/settings/domains", done: (ctx) => service.hasVerified(ctx) });
  return service;
}

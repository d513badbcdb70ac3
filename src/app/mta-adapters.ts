import type { Composer, DkimKey, EventSink, MtaEvent, Policy, Recipe, SigningKeys } from "../../mta/index";
import type { DeliveryEvent } from "../domain/deliveries/model";
import type { App } from "./create-app";
import { SYSTEM_TENANT } from "./mta-mailer";

/** A product area that composes mail at delivery time registers a composer for its recipe kind. */
export type RecipeComposer = (recipe: Recipe, ctx: { tenant: string; messageId: string; to: string; from: string }) => Promise<string | Uint8Array> | string | Uint8Array;

const BOUNCE_PREFIX = "bounce.";

function tenantCtx(app: App, orgId: string) {
  const org = app.orgs.byId(orgId);
  return org ? { org, db: app.tenants.get(org.id) } : null;
}

/** The MTA's ports implemented over the appliance: keys from sending domains, events into tenant databases. */
export function createMtaAdapters(app: App, composers: Map<string, RecipeComposer>) {
  const signingKeys: SigningKeys = {
    keysFor(tenant, domain) {
      const orgId = tenant === SYSTEM_TENANT ? app.domainRegistry.ownerOf(domain) : tenant;
      const ctx = orgId ? tenantCtx(app, orgId) : null;
      if (!ctx) return [];
      return app.domains.signingKeys(ctx, domain).map((k): DkimKey => ({ domain: k.domain, selector: k.selector, algorithm: k.algorithm === "rsa-sha256" ? "rsa" : "ed25519", privateKeyPem: k.privateKeyPem }));
    },
  };

  const policy: Policy = {
    isSuppressed(tenant, address) {
      if (tenant === SYSTEM_TENANT) return false;
      const ctx = tenantCtx(app, tenant);
      return ctx ? app.suppression.isSuppressed(ctx, address) : true;
    },
    isPaused(tenant) {
      if (tenant === SYSTEM_TENANT) return false;
      const ctx = tenantCtx(app, tenant);
      return ctx ? app.deliveries.isPaused(ctx) : false;
    },
    returnPathDomain(_tenant, fromDomain) {
      return app.domainRegistry.ownerOf(fromDomain) ? BOUNCE_PREFIX + fromDomain : undefined;
    },
    isBounceDomain(domain) {
      return domain.startsWith(BOUNCE_PREFIX) && app.domainRegistry.ownerOf(domain.slice(BOUNCE_PREFIX.length)) !== null;
    },
  };

  const events: EventSink = {
    emit(batch: MtaEvent[]) {
      const byTenant = new Map<string, MtaEvent[]>();
      for (const e of batch) {
        app.metrics.inc("owlat_mta_events_total", "Delivery events by type and class", { type: e.type, class: e.class });
        if (e.tenant === SYSTEM_TENANT) {
          if (e.type !== "delivered") app.logger.warn("system mail not delivered", { type: e.type, class: e.class, reason: e.reason, messageId: e.messageId });
          continue;
        }
        byTenant.set(e.tenant, [...(byTenant.get(e.tenant) ?? []), e]);
      }
      for (const [tenant, list] of byTenant) {
        const ctx = tenantCtx(app, tenant);
        if (ctx) app.deliveries.record(ctx, list as DeliveryEvent[]);
      }
    },
  };

  const composer: Composer = {
    async compose(recipe, ctx) {
      const c = composers.get(recipe.kind);
      if (!c) throw Object.assign(new Error(`no composer for recipe kind ${recipe.kind}`), { permanent: true });
      return c(recipe, ctx);
    },
  };

  return { signingKeys, policy, events, composer };
}

import type { App } from "../../app/create-app";
import { hasPermission } from "../../domain/organizations/model";
import type { TenantContext } from "../../domain/context";
import { DomainPage, DomainRecords, DomainsPage } from "../../../web/views/domains";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { isHtmx } from "../plugins/request";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };

/** Settings → Sending domains: add, DNS records with live checks, DMARC policy, DKIM rotation. */
export function domainPages(t: TenantApp, app: App): void {
  const canEdit = (ctx: Ctx) => hasPermission(ctx.tenant.role, "settings:manage");
  const list = (ctx: Ctx, errors: Record<string, string> = {}, values: Record<string, string> = {}) =>
    <DomainsPage shell={shellOf(ctx, "Sending domains")} domains={app.domains.list(ctx.tenant)} canEdit={canEdit(ctx)} errors={errors} values={values} />;
  const detail = (ctx: Ctx, error?: string) => (
    <DomainPage shell={shellOf(ctx, "Sending domain")} domain={app.domains.get(ctx.tenant, ctx.params.id!)} canEdit={canEdit(ctx)}
      rotation={app.flags.isEnabled(ctx.tenant.org.id, "domains.dkimRotation")} error={error} />
  );
  const back = (ctx: Ctx) => `/o/${ctx.tenant.org.slug}/settings/domains/${ctx.params.id}`;

  t.get("/settings/domains", (ctx) => list(ctx));

  t.post("/settings/domains", (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    try {
      const d = app.domains.add(ctx.tenant, { domain: body.domain, ed25519: body.ed25519 === "1" });
      return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/settings/domains/${d.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return list(ctx, formErrors(e), { domain: str(body.domain) });
    }
  });

  t.get("/settings/domains/:id", (ctx) => detail(ctx));

  t.post("/settings/domains/:id/verify", async (ctx) => {
    const d = await app.domains.verify(ctx.tenant, ctx.params.id);
    if (isHtmx(ctx.request)) return <DomainRecords shell={shellOf(ctx, "Sending domain")} domain={d} canEdit={canEdit(ctx)} />;
    setFlash(ctx.cookie as never, { kind: d.status === "verified" ? "success" : "error", message: d.status === "verified" ? `${d.domain} is verified.` : `${d.domain} is not verified yet: see the records marked in red.` });
    return seeOther(ctx.request, back(ctx));
  });

  t.post("/settings/domains/:id/dmarc", (ctx) => {
    try {
      app.domains.setDmarcPolicy(ctx.tenant, ctx.params.id, (ctx.body as Record<string, unknown>).policy);
    } catch (e) {
      ctx.set.status = 422;
      return detail(ctx, Object.values(formErrors(e))[0]);
    }
    setFlash(ctx.cookie as never, { kind: "success", message: "DMARC policy saved: update the _dmarc record, then verify." });
    return seeOther(ctx.request, back(ctx));
  });

  t.post("/settings/domains/:id/rotate", (ctx) => {
    try {
      app.domains.rotateKey(ctx.tenant, ctx.params.id);
    } catch (e) {
      ctx.set.status = 422;
      return detail(ctx, Object.values(formErrors(e))[0]);
    }
    setFlash(ctx.cookie as never, { kind: "success", message: "New DKIM key created: publish its record, then verify." });
    return seeOther(ctx.request, back(ctx));
  });

  t.post("/settings/domains/:id/delete", (ctx) => {
    app.domains.remove(ctx.tenant, ctx.params.id);
    setFlash(ctx.cookie as never, { kind: "success", message: "Domain removed." });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/settings/domains`);
  });
}

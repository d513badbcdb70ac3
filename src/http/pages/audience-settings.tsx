import type { App } from "../../app/create-app";
import { hasPermission } from "../../domain/organizations/model";
import type { TenantContext } from "../../domain/context";
import { BLOCK_REASONS, type BlockReason } from "../../domain/audience/model";
import { BlocklistPage, PropertiesPage } from "../../../web/views/audience-settings";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
type Body = Record<string, unknown>;

/** Settings → Contact properties and Settings → Blocklist. */
export function audienceSettingsPages(t: TenantApp, app: App): void {
  const a = app.audience;
  const propsPage = (ctx: Ctx, errors: Record<string, string> = {}, values: Record<string, string> = {}) => (
    <PropertiesPage shell={shellOf(ctx, "Contact properties")} props={a.properties.list(ctx.tenant).map((p) => ({ ...p, usage: a.properties.usage(ctx.tenant, p.id) }))}
      canManage={hasPermission(ctx.tenant.role, "contacts:manage")} errors={errors} values={values} />
  );
  const done = (ctx: Ctx, message: string, to: string) => {
    setFlash(ctx.cookie as never, { kind: "success", message });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}${to}`);
  };
  const attempt = (ctx: Ctx, fn: () => string, to: string, page: (errors: Record<string, string>) => unknown) => {
    try {
      return done(ctx, fn(), to);
    } catch (e) {
      ctx.set.status = 422;
      return page(formErrors(e));
    }
  };

  t.get("/settings/properties", (ctx) => propsPage(ctx));
  t.post("/settings/properties", (ctx) => {
    const body = ctx.body as Body;
    return attempt(ctx, () => `Property “${a.properties.create(ctx.tenant, body).label}” created.`, "/settings/properties",
      (errors) => propsPage(ctx, errors, { label: str(body.label), key: str(body.key), type: str(body.type) }));
  });
  t.post("/settings/properties/:id", (ctx) =>
    attempt(ctx, () => `Renamed to “${a.properties.rename(ctx.tenant, Number(ctx.params.id), (ctx.body as Body).label).label}”.`, "/settings/properties", (errors) => propsPage(ctx, errors)));
  t.post("/settings/properties/:id/delete", (ctx) =>
    attempt(ctx, () => {
      const r = a.properties.remove(ctx.tenant, Number(ctx.params.id));
      return r.contactsWithValue ? `Property deleted; its value is being removed from ${r.contactsWithValue} contact(s).` : "Property deleted.";
    }, "/settings/properties", (errors) => propsPage(ctx, errors)));

  const blockPage = (ctx: Ctx, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
    const search = str(ctx.query.q).slice(0, 200);
    const reason = (BLOCK_REASONS as readonly string[]).includes(str(ctx.query.reason)) ? (ctx.query.reason as BlockReason) : undefined;
    const entries = a.blocklist.list(ctx.tenant, { search, reason, after: str(ctx.query.after) || undefined, limit: 51 });
    return (
      <BlocklistPage shell={shellOf(ctx, "Blocklist")} entries={entries.slice(0, 50)} total={a.blocklist.count(ctx.tenant)} search={search} reason={reason ?? ""}
        next={entries.length > 50 ? entries[49]!.email : null} canManage={hasPermission(ctx.tenant.role, "contacts:manage")} errors={errors} values={values} />
    );
  };
  t.get("/settings/blocklist", (ctx) => blockPage(ctx));
  t.post("/settings/blocklist", (ctx) => {
    const body = ctx.body as Body;
    return attempt(ctx, () => `${a.blocklist.add(ctx.tenant, body).email} added to the blocklist.`, "/settings/blocklist",
      (errors) => blockPage(ctx, errors, { email: str(body.email), note: str(body.note) }));
  });
  t.post("/settings/blocklist/remove", (ctx) => {
    const email = str((ctx.body as Body).email);
    return attempt(ctx, () => {
      a.blocklist.remove(ctx.tenant, email);
      return `${email} removed from the blocklist.`;
    }, "/settings/blocklist", (errors) => blockPage(ctx, errors));
  });
}

import type { App } from "../../app/create-app";
import { hasPermission } from "../../domain/organizations/model";
import type { TenantContext } from "../../domain/context";
import { MediaDetailPage, MediaPage, MediaPicker } from "../../../web/views/media";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
const asList = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Media library: upload (validated by content), search, tags, alt text, bulk delete, and the picker fragment. */
export function mediaPages(t: TenantApp, app: App): void {
  const list = (ctx: Ctx, errors: string[] = []) => {
    const filter = { q: str(ctx.query.q), tag: str(ctx.query.tag) };
    return (
      <MediaPage shell={shellOf(ctx, "Media")} view={{
        assets: app.media.list(ctx.tenant, filter), summary: app.media.summary(ctx.tenant), tags: app.media.tags(ctx.tenant),
        filter, canManage: hasPermission(ctx.tenant.role, "media:manage"), errors,
      }} />
    );
  };

  t.get("/media", (ctx) => list(ctx));
  t.get("/media/picker", (ctx) => <MediaPicker assets={app.media.list(ctx.tenant, { q: str(ctx.query.q), kind: "image" })} />);

  t.post("/media", async (ctx) => {
    const files = asList((ctx.body as Record<string, File | File[] | undefined>).files).filter((f) => f instanceof Blob);
    const errors: string[] = [];
    let stored = 0;
    for (const f of files) {
      try {
        await app.media.upload(ctx.tenant, { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
        stored++;
      } catch (e) {
        errors.push(Object.values(formErrors(e))[0]!);
      }
    }
    if (files.length === 0) errors.push("Choose at least one file.");
    if (errors.length) {
      ctx.set.status = 422;
      return list(ctx, stored ? [`${stored} file(s) uploaded.`, ...errors] : errors);
    }
    setFlash(ctx.cookie as never, { kind: "success", message: `${stored} file(s) uploaded.` });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/media`);
  });

  t.post("/media/delete", (ctx) => {
    const ids = asList((ctx.body as Record<string, string | string[] | undefined>).ids);
    const n = app.media.remove(ctx.tenant, ids);
    setFlash(ctx.cookie as never, { kind: "success", message: `${n} file(s) deleted.` });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/media`);
  });

  const detail = (ctx: Ctx, errors: Record<string, string> = {}) => (
    <MediaDetailPage shell={shellOf(ctx, "Media")} asset={app.media.get(ctx.tenant, ctx.params.id!)} usage={app.media.usage(ctx.tenant, ctx.params.id!)}
      canManage={hasPermission(ctx.tenant.role, "media:manage")} errors={errors} />
  );
  t.get("/media/:id", (ctx) => detail(ctx));
  t.post("/media/:id", (ctx) => {
    try {
      app.media.update(ctx.tenant, ctx.params.id, ctx.body as Record<string, unknown>);
    } catch (e) {
      ctx.set.status = 422;
      return detail(ctx, formErrors(e));
    }
    setFlash(ctx.cookie as never, { kind: "success", message: "Saved." });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/media/${ctx.params.id}`);
  });
}

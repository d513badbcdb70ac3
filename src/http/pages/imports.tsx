import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { requirePermission, type TenantContext } from "../../domain/context";
import { ImportMappingPage, ImportProgress, ImportStatusPage, ImportUploadPage } from "../../../web/views/imports";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
type Body = Record<string, unknown>;

/**
 * Contacts → Import (IM-01…IM-08): the file is uploaded in chunks by a small script (or in one
 * multipart post without JavaScript), mapped, then imported by a background job whose progress
 * the page polls.
 */
export function importPages(t: TenantApp, app: App): void {
  const im = app.imports;
  const base = (ctx: Ctx) => `/o/${ctx.tenant.org.slug}/contacts/import`;
  const upload = (ctx: Ctx, error?: string) => <ImportUploadPage shell={shellOf(ctx, "Import contacts")} recent={im.list(ctx.tenant)} error={error} />;

  t.get("/contacts/import", (ctx) => {
    requirePermission(ctx.tenant, "imports:manage");
    return upload(ctx);
  });

  t.post("/contacts/import", async (ctx) => {
    const file = (ctx.body as Body).file;
    if (!(file instanceof Blob)) {
      ctx.set.status = 422;
      return upload(ctx, "Choose a CSV file to upload.");
    }
    try {
      const r = await im.uploadWhole(ctx.tenant, file as Blob & { name?: string });
      return seeOther(ctx.request, `${base(ctx)}/${r.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return upload(ctx, Object.values(formErrors(e))[0]);
    }
  });

  t.post("/contacts/import/uploads", (ctx) => {
    const r = im.beginUpload(ctx.tenant, (ctx.body as Body)?.name);
    return { id: r.id, chunk: `${base(ctx)}/${r.id}/chunk`, finish: `${base(ctx)}/${r.id}/finish` };
  });

  t.post("/contacts/import/:id/chunk", async (ctx) => {
    const offset = Number(ctx.query.offset);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new AppError("INVALID_INPUT", "Bad offset.", { field: "offset" });
    const bytes = new Uint8Array(await ctx.request.arrayBuffer());
    return { size: im.appendChunk(ctx.tenant, ctx.params.id, offset, bytes) };
  }, { parse: "none" });

  t.post("/contacts/import/:id/finish", (ctx) => {
    im.finishUpload(ctx.tenant, ctx.params.id);
    return { next: `${base(ctx)}/${ctx.params.id}` };
  });

  const mapping = (ctx: Ctx, errors: Record<string, string> = {}) => {
    const record = im.get(ctx.tenant, ctx.params.id);
    const forced = ctx.query.changed ? { hasHeader: ctx.query.header === "on", delimiter: str(ctx.query.delimiter) === "tab" ? "\t" : str(ctx.query.delimiter) || undefined } : {};
    return (
      <ImportMappingPage shell={shellOf(ctx, "Map the columns")} record={record} analysis={im.analyze(ctx.tenant, record.id, forced)}
        props={app.audience.properties.list(ctx.tenant)} topics={app.audience.topics.list(ctx.tenant)} errors={errors} />
    );
  };

  t.get("/contacts/import/:id", (ctx) => {
    requirePermission(ctx.tenant, "imports:manage");
    const record = im.get(ctx.tenant, ctx.params.id);
    if (record.status === "mapping") return mapping(ctx);
    if (record.status === "uploading") return upload(ctx, "This upload did not finish. Upload the file again.");
    return <ImportStatusPage shell={shellOf(ctx, "Import")} record={record} />;
  });

  t.get("/contacts/import/:id/progress", (ctx) => <ImportProgress shell={shellOf(ctx, "Import")} record={im.get(ctx.tenant, ctx.params.id)} />);

  t.post("/contacts/import/:id/start", (ctx) => {
    try {
      im.start(ctx.tenant, ctx.params.id, ctx.body as Body);
      return seeOther(ctx.request, `${base(ctx)}/${ctx.params.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return mapping(ctx, formErrors(e));
    }
  });

  t.post("/contacts/import/:id/cancel", (ctx) => {
    im.cancel(ctx.tenant, ctx.params.id);
    setFlash(ctx.cookie as never, { kind: "info", message: "Import cancelled." });
    return seeOther(ctx.request, base(ctx));
  });
}

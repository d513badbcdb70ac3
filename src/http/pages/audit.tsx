import type { App } from "../../app/create-app";
import { requirePermission, type TenantContext } from "../../domain/context";
import type { AuditFilter } from "../../domain/audit/model";
import { auditCsvHeader, auditCsvRow } from "../../domain/audit/service";
import { AuditPage, AuditRows, type AuditView } from "../../../web/views/audit";
import type { PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext };
const PAGE = 50;

/** Settings → Audit log (owners and admins): filters, keyset paging, CSV export. */
export function auditPages(t: TenantApp, app: App): void {
  const filterOf = (ctx: Ctx) => {
    const range = ["24h", "7d", "30d", "all"].includes(str(ctx.query.range)) ? str(ctx.query.range) : "7d";
    return { resource: str(ctx.query.resource), actor: str(ctx.query.actor), range, q: str(ctx.query.q).slice(0, 100) };
  };
  const query = (ctx: Ctx, f: ReturnType<typeof filterOf>): AuditFilter => ({
    orgId: ctx.tenant.org.id, resource: f.resource || undefined, actorId: f.actor || undefined, range: f.range, search: f.q || undefined,
  });
  const view = (ctx: Ctx): AuditView => {
    requirePermission(ctx.tenant, "organization:manage");
    const filter = filterOf(ctx);
    const before = Number(ctx.query.before);
    const entries = app.audit.list({ ...query(ctx, filter), beforeId: Number.isInteger(before) && before > 0 ? before : undefined, limit: PAGE });
    return {
      entries,
      filter,
      resources: app.audit.resources(ctx.tenant.org.id).sort(),
      members: app.orgs.members(ctx.tenant.org.id).map((m) => ({ userId: m.userId, email: m.email })),
      nextBeforeId: entries.length === PAGE ? entries[entries.length - 1]!.id : null,
    };
  };

  t.get("/settings/audit", (ctx) => <AuditPage shell={shellOf(ctx, "Audit log")} view={view(ctx)} />);
  t.get("/settings/audit/rows", (ctx) => <AuditRows shell={shellOf(ctx, "Audit log")} view={view(ctx)} />);

  t.get("/settings/audit.csv", (ctx) => {
    requirePermission(ctx.tenant, "organization:manage");
    const entries = app.audit.iterate(query(ctx, filterOf(ctx)));
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode(auditCsvHeader()));
      },
      pull(c) {
        let chunk = "";
        for (let i = 0; i < 500; i++) {
          const next = entries.next();
          if (next.done) {
            if (chunk) c.enqueue(encoder.encode(chunk));
            c.close();
            return;
          }
          chunk += auditCsvRow(next.value);
        }
        c.enqueue(encoder.encode(chunk));
      },
    });
    const date = new Date(app.clock.now()).toISOString().slice(0, 10);
    return new Response(stream, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-log-${ctx.tenant.org.slug}-${date}.csv"` },
    });
  });
}

import { statSync, existsSync } from "node:fs";
import type { App } from "../../app/create-app";
import { tenantDbPath } from "../../db/tenants";
import { buildInfo } from "../../version";
import { SystemPage } from "../../../web/views/system";
import { setFlash } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { seeOther } from "../respond";
import { shellOf } from "../shell";
import { requireInstanceAdmin } from "./settings";

const fileBytes = (p: string) => [p, `${p}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);

/** Settings → System (instance administrators): jobs with last run, duration and error; queue; databases. */
export function systemPages(t: TenantApp, app: App): void {
  t.get("/settings/system", (ctx) => {
    requireInstanceAdmin(ctx.user);
    const view = {
      version: `${buildInfo.version} (${buildInfo.gitSha})`,
      dataDir: app.config.dataDir,
      mailKind: app.mail.current.kind,
      scheduled: app.scheduler.status(),
      queueCounts: app.queue.counts(),
      recentJobs: app.queue.recent(20),
      organizations: app.orgs.list().map((o) => ({ slug: o.slug, name: o.name, bytes: fileBytes(tenantDbPath(app.config.dataDir, o.id)) })),
    };
    return <SystemPage shell={shellOf(ctx, "System")} view={view} />;
  });

  t.post("/settings/system/jobs/:name/run", async (ctx) => {
    requireInstanceAdmin(ctx.user);
    await app.scheduler.runNow(ctx.params.name);
    setFlash(ctx.cookie as never, { kind: "success", message: `${ctx.params.name} ran.` });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/settings/system`);
  });
}

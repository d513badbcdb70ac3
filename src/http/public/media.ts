import type { App } from "../../app/create-app";
import type { Base } from "../base";

/**
 * Public file URLs used in email HTML: /media/<org id>/<file id>.<ext>. Served with a sandboxing
 * CSP, so an uploaded SVG opened directly cannot run script on this origin.
 */
export function publicMediaRoutes(r: Base, app: App): void {
  r.get("/media/:orgId/:file", ({ params, set }) => {
    const m = params.file.match(/^([a-z0-9]+)\.([a-z0-9]+)$/);
    const org = /^[a-z0-9]+$/.test(params.orgId) ? app.orgs.byId(params.orgId) : null;
    const found = m && org ? app.media.fileFor({ org, db: app.tenants.get(org.id) }, m[1]!, m[2]!) : null;
    if (!found) {
      set.status = 404;
      return "not found";
    }
    return new Response(Bun.file(found.path), {
      headers: {
        "content-type": found.mime,
        "cache-control": "public, max-age=31536000, immutable",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "x-content-type-options": "nosniff",
        "content-disposition": `inline; filename="${found.name.replace(/[^\w.\- ]/g, "_")}"`,
        "cross-origin-resource-policy": "cross-origin",
      },
    });
  });
}

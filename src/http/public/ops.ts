import type { App } from "../../app/create-app";
import { equalStrings } from "../../lib/crypto";
import type { Base } from "../base";
import { assetFor } from "../assets";

const isLoopback = (ip: string | null) => ip === null || ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1";

/** /health, /metrics and the embedded assets. */
export function opsRoutes(r: Base, app: App): void {
  r.get("/health", ({ set }) => {
    const status = Object.fromEntries(Object.entries(app.health).map(([k, probe]) => [k, safeProbe(probe)]));
    const body = { database: status.database === true, web: true, mta: status.mta === true, ...status };
    set.headers["cache-control"] = "no-store";
    if (!body.database) set.status = 503;
    return body;
  });

  r.get("/metrics", ({ request, ip, set }) => {
    const token = app.config.metricsToken;
    const given = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    const allowed = token ? equalStrings(given, token) : isLoopback(ip);
    if (!allowed) {
      set.status = 403;
      return "metrics are served to loopback or with OWLAT_METRICS_TOKEN\n";
    }
    return new Response(app.metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
  });

  r.get("/assets/:name", ({ path, set }) => {
    const asset = assetFor(path);
    if (!asset) {
      set.status = 404;
      return "not found";
    }
    return new Response(Bun.file(asset.path), { headers: { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" } });
  });
}

function safeProbe(probe: () => boolean): boolean {
  try {
    return probe();
  } catch {
    return false;
  }
}

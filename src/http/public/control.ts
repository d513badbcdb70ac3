import type { App } from "../../app/create-app";
import { controlToken, runMtaOp, type MtaOp } from "../../app/mta-control";
import { equalStrings } from "../../lib/crypto";
import { AppError } from "../../lib/errors";
import type { Base } from "../base";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Local control endpoint for `owlat mta …` while the server runs, so operators change shaping and
 * IP warming without a restart. Loopback only, and the caller must prove it can read the instance secret.
 */
export function controlRoutes(r: Base, app: App): void {
  r.post("/internal/mta", async ({ request, ip, body }) => {
    const token = request.headers.get("x-owlat-control") ?? "";
    if ((ip !== null && !LOOPBACK.has(ip)) || !equalStrings(token, controlToken(app.secret))) {
      throw new AppError("FORBIDDEN", "The control endpoint answers local operators only.");
    }
    if (app.config.mta !== "on") throw new AppError("INVALID_STATE", "The built-in MTA is off (OWLAT_MTA=off).");
    return { ok: true, result: await runMtaOp(app.mta(), body as MtaOp) };
  });
}

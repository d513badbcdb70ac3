import type { App } from "../../app/create-app";
import { MAX_BODY_BYTES } from "../../domain/forms/model";
import type { Base } from "../base";
import { cappedBody, cors, fail, limited, ok, preflight, type Limits } from "./public-json";

const CORS = cors("POST, OPTIONS");

/** Parses a form post: JSON object, urlencoded or multipart (string parts only); null = unsupported type. */
type Parsed = { values: Record<string, unknown> } | { error: string } | null;

export async function parseFormBody(raw: Uint8Array, contentType: string): Promise<Parsed> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") {
    let v: unknown;
    try {
      v = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return { error: "The request body is not valid JSON" };
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) return { error: "The JSON body must be an object" };
    if (Object.values(v).some((x) => x !== null && typeof x === "object")) return { error: "Values must be text, numbers or booleans" };
    return { values: v as Record<string, unknown> };
  }
  if (type === "application/x-www-form-urlencoded") return { values: Object.fromEntries(new URLSearchParams(new TextDecoder().decode(raw))) };
  if (type === "multipart/form-data") {
    try {
      const fd = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
      const values: Record<string, unknown> = {};
      for (const [k, v] of fd.entries()) if (typeof v === "string") values[k] = v;
      return { values };
    } catch {
      return { error: "The multipart body cannot be read" };
    }
  }
  return null;
}

/** POST /forms/:formId (api.md §5.6, FM-03…FM-10). */
export function formRoutes(r: Base, app: App, limits: Limits): void {
  r.options("/forms/:formId", () => preflight("POST, OPTIONS"));
  r.post("/forms/:formId", async (ctx) => {
    const formId = ctx.params.formId;
    const limit = limited(limits.forms, `${ctx.ip ?? "?"}:${formId}`, CORS);
    if (limit) return limit;
    const raw = await cappedBody(ctx.request, MAX_BODY_BYTES);
    if (!raw) return fail(400, "Request body too large", undefined, CORS);
    const body = await parseFormBody(raw, ctx.request.headers.get("content-type") ?? "");
    if (!body) return fail(400, "Unsupported content type. Use JSON or form-urlencoded.", undefined, CORS);
    if ("error" in body) return fail(400, body.error, undefined, CORS);
    const res = await app.forms.submit(formId, body.values, { ip: ctx.ip, userAgent: ctx.userAgent });
    if (res.status !== 200) return fail(res.status, res.message, res.reason, CORS);
    if (res.redirect) {
      const url = new URL(res.redirect);
      if (res.confirmationRequired) url.searchParams.set("confirmation", "pending");
      return new Response(null, { status: 302, headers: { ...CORS, location: url.toString() } });
    }
    return ok(res.confirmationRequired ? { message: res.message, confirmationRequired: true } : { message: res.message }, CORS);
  }, { parse: "none" });
}

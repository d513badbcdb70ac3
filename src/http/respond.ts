import { AppError } from "../lib/errors";
import { isHtmx } from "./plugins/request";

/** After a successful POST: htmx follows HX-Location (keeps the boosted navigation), browsers a 303. */
export function seeOther(request: Request, url: string): Response {
  if (isHtmx(request)) return new Response(null, { status: 200, headers: { "hx-location": JSON.stringify({ path: url, target: "body" }) } });
  return new Response(null, { status: 303, headers: { location: url } });
}

/** Field errors for re-rendering a form; anything that is not a user error is rethrown. */
export function formErrors(e: unknown): Record<string, string> {
  if (!(e instanceof AppError)) throw e;
  if (["INTERNAL", "UNAVAILABLE", "CSRF"].includes(e.code)) throw e;
  const field = typeof e.details.field === "string" ? e.details.field : "_form";
  return { [field]: e.message };
}

/** A toast for htmx fragment responses. */
export function toastHeader(message: string, kind: "success" | "error" | "info" = "success"): Record<string, string> {
  return { "hx-trigger": JSON.stringify({ toast: { message, kind } }) };
}

export const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** A safe local redirect target from a ?next= value. */
export function safeNext(next: unknown, fallback = "/"): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}

import type { App } from "../../app/create-app";
import { AppError, httpStatusOf } from "../../lib/errors";
import { ErrorPage } from "../../../web/views/error";
import { buildShell } from "../shell";
import { isHtmx, wantsJson } from "./request";

const CATEGORY: Record<number, string> = {
  400: "invalid_input", 401: "unauthenticated", 402: "limit_reached", 403: "forbidden", 404: "not_found",
  409: "conflict", 422: "invalid_state", 429: "rate_limited", 500: "internal", 502: "internal", 503: "unavailable",
};

interface ErrorCtx {
  code: string | number;
  error: unknown;
  request: Request;
  path: string;
  set: { status?: number | string; headers: Record<string, string | number> };
  [k: string]: unknown;
}

function classify(code: string | number, error: unknown): { status: number; message: string; data: Record<string, unknown> } {
  if (error instanceof AppError) return { status: httpStatusOf[error.code], message: error.message, data: error.details };
  if (code === "NOT_FOUND") return { status: 404, message: "This page does not exist.", data: {} };
  if (code === "VALIDATION" || code === "PARSE") {
    return { status: 400, message: code === "PARSE" ? "The request body could not be read." : "The request is not valid.", data: {} };
  }
  if (typeof code === "number") return { status: code, message: String((error as { response?: unknown })?.response ?? "Request refused."), data: {} };
  return { status: 500, message: "", data: {} };
}

/** Errors carry codes and are mapped here: JSON for /api, a plain message for htmx, a page otherwise. */
export function handleError(app: App, ctx: ErrorCtx): Response {
  const { status, message: known, data } = classify(ctx.code, ctx.error);
  const requestId = (ctx.requestId as string | undefined) ?? undefined;
  let message = known;
  if (status >= 500 && !(ctx.error instanceof AppError && ctx.error.code !== "INTERNAL")) {
    app.logger.error("unhandled error", { requestId, path: ctx.path, error: ctx.error instanceof Error ? { name: ctx.error.name, message: ctx.error.message, stack: ctx.error.stack?.split("\n").slice(0, 6).join(" | ") } : String(ctx.error) });
    message = "Something went wrong on our side. The error was logged" + (requestId ? ` (request id ${requestId}).` : ".");
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.set.headers)) headers[k] = String(v);

  if (wantsJson(ctx.path, ctx.request)) {
    const retry: Record<string, string> = typeof data.retryAfterMs === "number" ? { "retry-after": String(Math.ceil(data.retryAfterMs / 1000)) } : {};
    return Response.json({ error: { category: CATEGORY[status] ?? "invalid_input", message, data } }, { status, headers: { ...headers, ...retry } });
  }
  if (isHtmx(ctx.request)) {
    return new Response(message, { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8", vary: "HX-Request" } });
  }
  const isPageGet = ctx.request.method === "GET";
  if (status === 401 && isPageGet) {
    return new Response(null, { status: 303, headers: { ...headers, location: `/login?next=${encodeURIComponent(ctx.path)}` } });
  }
  if (ctx.error instanceof AppError && ctx.error.code === "FEATURE_DISABLED" && isPageGet && typeof data.orgSlug === "string") {
    return new Response(null, { status: 303, headers: { ...headers, location: `/o/${data.orgSlug}?disabled=${encodeURIComponent(String(data.flag))}` } });
  }
  const shell = buildShell({ app, user: null, csrfToken: String(ctx.csrfToken ?? ""), flash: null, path: ctx.path }, "Error");
  const body = ErrorPage({ shell, status, message, requestId }) as string;
  return new Response(body, { status, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}

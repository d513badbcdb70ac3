import { Elysia } from "elysia";
import { html } from "@elysiajs/html";
import type { App } from "../app/create-app";
import { newSecret } from "../lib/ids";
import { validateSessionToken, type SessionInfo } from "../domain/accounts/sessions";
import type { Actor, User } from "../domain/accounts/model";
import { clientIp, requestIdOf, SECURITY_HEADERS } from "./plugins/request";
import { CSRF_COOKIE, csrfViolation } from "./plugins/csrf";
import { handleError } from "./plugins/errors";
import { AppError } from "../lib/errors";

export const SESSION_COOKIE = "owlat_session";
export const FLASH_COOKIE = "owlat_flash";

export type Flash = { kind: "success" | "error" | "info"; message: string };

export function secureCookies(app: App): boolean {
  return app.config.secureCookies === "always" || (app.config.secureCookies === "auto" && app.publicUrl.startsWith("https://"));
}

/**
 * The request pipeline every route shares, in a fixed order: request id, IP and security headers;
 * errors mapped at the edge; the session (Lucia-style cookie); the CSRF token and check; flash messages.
 */
export function createBase(app: App) {
  const secure = secureCookies(app);
  return new Elysia({ name: "owlat-base" })
    .use(html({ autoDetect: true, autoDoctype: false }))
    .decorate("app", app)
    .onRequest(({ request, set }) => {
      Object.assign(set.headers, SECURITY_HEADERS);
      // A boosted form whose POST answers with a page (a form with errors, the invite link) must not
      // push the POST URL into the address bar: reloading it would GET a route that does not exist.
      if (request.method !== "GET" && request.headers.get("hx-boosted") === "true") set.headers["hx-push-url"] = "false";
    })
    .onError({ as: "global" }, (ctx) => handleError(app, ctx))
    .derive({ as: "global" }, ({ request, server, set, cookie }) => {
      const requestId = requestIdOf(request);
      set.headers["x-request-id"] = requestId;
      const ip = clientIp(app.config, request, server?.requestIP(request)?.address ?? null);
      const userAgent = request.headers.get("user-agent");

      let session: SessionInfo | null = null;
      let user: User | null = null;
      let pendingTwoFactor: SessionInfo | null = null;
      const token = cookie[SESSION_COOKIE]?.value;
      if (typeof token === "string" && token) {
        const s = validateSessionToken(app.system, app.clock, token);
        const u = s ? app.accounts.byId(s.userId) : null;
        if (s && u && s.twoFactorVerified) {
          session = s;
          user = u;
        } else if (s && u) pendingTwoFactor = s;
        else cookie[SESSION_COOKIE]!.remove();
      }

      let csrfToken = cookie[CSRF_COOKIE]?.value as string | undefined;
      if (typeof csrfToken !== "string" || csrfToken.length < 20) {
        csrfToken = newSecret();
        cookie[CSRF_COOKIE]!.set({ value: csrfToken, httpOnly: true, sameSite: "lax", path: "/", secure });
      }

      let flash: Flash | null = null;
      const rawFlash = cookie[FLASH_COOKIE]?.value;
      if (rawFlash) {
        try {
          flash = (typeof rawFlash === "string" ? JSON.parse(rawFlash) : rawFlash) as Flash;
        } catch {
          flash = null;
        }
        cookie[FLASH_COOKIE]!.remove();
      }

      const actor: Actor = { userId: user?.id ?? null, label: user?.email ?? "anonymous", ip, userAgent };
      return { requestId, ip, userAgent, session, user, pendingTwoFactor, csrfToken, flash, actor, startedAt: performance.now() };
    })
    .onBeforeHandle({ as: "global" }, ({ request, path, body, csrfToken, cookie }) => {
      const reason = csrfViolation(request, path, cookie[CSRF_COOKIE]?.value as string | undefined ?? csrfToken, body);
      if (reason) throw new AppError("CSRF", `This form expired or came from another site (${reason}). Reload the page and try again.`);
    })
    .onAfterResponse({ as: "global" }, (ctx) => {
      const c = ctx as typeof ctx & { requestId?: string; startedAt?: number; user?: User | null; response?: unknown };
      const status = c.response instanceof Response ? c.response.status : typeof ctx.set.status === "number" ? ctx.set.status : 200;
      app.metrics.inc("owlat_http_requests_total", "HTTP requests", { method: ctx.request.method, status: String(status) });
      app.logger.info("request", {
        requestId: c.requestId, method: ctx.request.method, path: ctx.path, status,
        ms: c.startedAt ? Math.round((performance.now() - c.startedAt) * 10) / 10 : undefined, user: c.user?.id,
      });
    });
}

export type Base = ReturnType<typeof createBase>;

/** Sets the session cookie after sign-in. */
export function setSessionCookie(app: App, cookie: Record<string, { set: (v: object) => void }>, token: string, expiresAt: number): void {
  cookie[SESSION_COOKIE]!.set({ value: token, httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(app), expires: new Date(expiresAt) });
}

export function setFlash(cookie: Record<string, { set: (v: object) => void }>, flash: Flash): void {
  cookie[FLASH_COOKIE]!.set({ value: JSON.stringify(flash), httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 });
}

/** The request-context fields handlers and helpers use (structural, so any route's context fits). */
export interface PageCtx {
  app: App;
  request: Request;
  path: string;
  set: { status?: number | string; headers: Record<string, string | number> };
  cookie: Record<string, { value?: unknown; set: (v: object) => void; remove: () => void }>;
  body: unknown;
  query: Record<string, string | undefined>;
  user: User | null;
  session: SessionInfo | null;
  csrfToken: string;
  flash: Flash | null;
  actor: Actor;
}

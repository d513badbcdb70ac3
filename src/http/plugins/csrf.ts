import { equalStrings } from "../../lib/crypto";

/** Paths called cross-site by design (mail links, embedded forms, API keys): no cookie auth, no CSRF token. */
export const CSRF_EXEMPT_PREFIXES = ["/internal/", "/api/v1/", "/forms/", "/unsub/", "/prefs/", "/confirm/", "/t/", "/health", "/metrics"];

export const CSRF_COOKIE = "owlat_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Double-submit token (cookie = form field or header) plus an Origin check, on every
 * state-changing request outside the exempt prefixes. Returns a reason when the request must be refused.
 */
export function csrfViolation(request: Request, path: string, cookieToken: string | undefined, body: unknown): string | null {
  if (SAFE.has(request.method)) return null;
  if (CSRF_EXEMPT_PREFIXES.some((p) => path.startsWith(p))) return null;
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
    if (new URL(origin).host !== host) return "cross-site request";
  } else if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site request";
  const sent =
    request.headers.get(CSRF_HEADER) ??
    (body && typeof body === "object" && typeof (body as Record<string, unknown>)[CSRF_FIELD] === "string"
      ? ((body as Record<string, unknown>)[CSRF_FIELD] as string)
      : null);
  if (!cookieToken || !sent) return "missing security token";
  return equalStrings(cookieToken, sent) ? null : "security token mismatch";
}

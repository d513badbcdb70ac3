import type { Config } from "../../config/schema";
import { newId } from "../../lib/ids";

/** Client IP by the configured proxy rule; without a trusted proxy, the socket address. */
export function clientIp(config: Pick<Config, "trustProxy">, request: Request, socketIp: string | null): string | null {
  if (config.trustProxy === "xforwarded") {
    const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  } else if (config.trustProxy === "xrealip") {
    const real = request.headers.get("x-real-ip")?.trim();
    if (real) return real;
  }
  return socketIp;
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : newId();
}

/** Strict defaults for every response; pages that must differ (email previews) override them. */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "SAMEORIGIN",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "cross-origin-opener-policy": "same-origin",
};

export const isHtmx = (request: Request) => request.headers.get("hx-request") === "true";
export const wantsJson = (path: string, request: Request) =>
  path.startsWith("/api/") || path.startsWith("/internal/") || (request.headers.get("accept") ?? "").startsWith("application/json");

/** Owlat's public endpoint shell (api.md §5): JSON shapes, CORS, rate limits, capped bodies. */
import { RateLimiter } from "../../lib/rate-limit";

export const CATEGORY: Record<number, string> = { 400: "invalid_input", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict", 422: "invalid_state", 429: "rate_limited", 500: "internal" };

export function cors(methods: string): Record<string, string> {
  return { "access-control-allow-origin": "*", "access-control-allow-methods": methods, "access-control-allow-headers": "content-type", "access-control-max-age": "86400" };
}

export function ok(data: unknown, headers: Record<string, string> = {}): Response {
  return Response.json({ ok: true, data }, { headers: { "cache-control": "no-store", ...headers } });
}

export function fail(status: number, message: string, reason?: string, headers: Record<string, string> = {}): Response {
  const error: Record<string, unknown> = { category: CATEGORY[status] ?? "invalid_input", message };
  if (reason) error.data = { reason };
  return Response.json({ error }, { status, headers: { "cache-control": "no-store", ...headers } });
}

export const outcome = (body: { ok: true; data: unknown } | { ok: false; reason: string }, headers: Record<string, string> = {}) =>
  Response.json(body, { headers: { "cache-control": "no-store", ...headers } });

export const preflight = (methods: string) => new Response(null, { status: 204, headers: cors(methods) });
export const methodNotAllowed = () => Response.json({ error: { message: "Method not allowed" } }, { status: 405 });

/** The limits of the public endpoints (RL-02, RL-04), one set per server. */
export const createLimits = () => ({
  subscription: new RateLimiter(30, 60_000),
  doi: new RateLimiter(20, 60_000),
  forms: new RateLimiter(5, 60_000),
});
export type Limits = ReturnType<typeof createLimits>;

export function limited(limiter: RateLimiter, key: string, headers: Record<string, string> = {}): Response | null {
  const r = limiter.take(key);
  if (r.allowed) return null;
  return fail(429, "Rate limit exceeded. Please try again later.", undefined, { ...headers, "retry-after": String(Math.ceil(r.retryAfterMs / 1000)) });
}

/** The request body, at most `max` bytes; null when larger. */
export async function cappedBody(request: Request, max: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
}

/**
 * URL sanitizer. Links may use http, https, mailto, tel, sms or be relative/fragment (`#top`);
 * images may use http, https, cid, or a base64 data URI of a raster image (png/gif/jpeg/webp — never SVG).
 * Everything else (javascript:, vbscript:, data:text/html, file:, …) is refused (null).
 */

export type UrlKind = "link" | "image";

const LINK_SCHEMES = new Set(["http", "https", "mailto", "tel", "sms"]);
const IMAGE_SCHEMES = new Set(["http", "https", "cid"]);
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const STRIPPED = /[\t\n\r]/g; // browsers drop these inside URLs ("java\tscript:")
const CONTROL = /[\u0000-\u001f\u007f]/;
/** a relative reference may not have ":" in its first segment (RFC 3986 §4.2); such text only pretends to be a scheme */
const COLON_IN_FIRST_SEGMENT = /^[^/?#]*:/;
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|jpg|webp);base64,[A-Za-z0-9+/]+={0,2}$/i;

const PLAIN_HTTP = /^https?:\/\/[!#-~]{1,2040}$/; // printable ASCII, no spaces or controls

export function sanitizeUrl(raw: string, kind: UrlKind = "link"): string | null {
  if (PLAIN_HTTP.test(raw)) return raw;
  const url = raw.replace(STRIPPED, "").trim();
  if (url === "" || CONTROL.test(url)) return null;
  const m = SCHEME.exec(url);
  if (!m) return url.length <= 2048 && !COLON_IN_FIRST_SEGMENT.test(url) ? url : null;
  const scheme = m[1]!.toLowerCase();
  if (kind === "image" && scheme === "data") return url.length <= 100_000 && DATA_IMAGE.test(url) ? url : null;
  if (url.length > 2048) return null;
  return (kind === "link" ? LINK_SCHEMES : IMAGE_SCHEMES).has(scheme) ? url : null;
}

/** True when variables can decide the scheme (a tag appears before the first ":", "/", "?" or "#"). */
export function schemeIsDynamic(template: string): boolean {
  const tag = template.indexOf("{{");
  if (tag === -1) return false;
  const m = /[:/?#]/.exec(template);
  return m === null || tag < m.index;
}

/**
 * Checks a URL field that may hold tags: a static prefix must pass sanitizeUrl; a URL whose scheme
 * comes from a variable is accepted here and checked again per recipient after substitution.
 */
export function sanitizeUrlTemplate(template: string, kind: UrlKind = "link"): string | null {
  if (schemeIsDynamic(template)) return template.trim();
  return sanitizeUrl(template, kind);
}

const HTTP = /^https?:\/\//i;

/** http(s) URLs are the only ones worth wrapping for click tracking. */
export function isHttpUrl(url: string): boolean {
  return HTTP.test(url);
}

import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** Random identifier: 120 bits in lowercase base32 (24 chars), safe in URLs and file names. */
export function newId(bytes = 15): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

/** Random secret for tokens (160 bits, base32). */
export function newSecret(bytes = 20): string {
  return newId(bytes);
}

/** URL slug from free text: lowercase, non-alphanumerics collapsed to "-". */
export function slugify(text: string, fallback = "org"): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || fallback;
}

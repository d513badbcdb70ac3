const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const replaceEntity = (ch: string) => ENTITY[ch]!;

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, replaceEntity) : s;
}

export const escapeAttr = escapeHtml;

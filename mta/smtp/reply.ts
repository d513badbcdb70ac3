import type { SmtpReply } from "../types.ts";

/** Parse an SMTP reply ("550-5.1.1 ...\n550 5.1.1 ...") into code, enhanced status and text. */
export function parseReply(response: string | undefined | null): SmtpReply | null {
  if (!response) return null;
  const lines = String(response).split(/\r?\n/).filter(Boolean);
  const first = /^(\d{3})[ -]?/.exec(lines[0] ?? "");
  if (!first) return { code: null, enhanced: null, text: String(response).slice(0, 500) };
  const code = Number(first[1]);
  let enhanced: string | null = null;
  const text = lines
    .map((l) => {
      let rest = l.replace(/^\d{3}[ -]?/, "");
      const e = /^([245]\.\d{1,3}\.\d{1,3})\s*/.exec(rest);
      if (e) {
        enhanced ??= e[1]!;
        rest = rest.slice(e[0].length);
      }
      return rest;
    })
    .join(" ")
    .trim();
  return { code, enhanced, text: text.slice(0, 500) };
}

export function formatReply(r: SmtpReply | null): string {
  if (!r) return "";
  return [r.code, r.enhanced, r.text].filter((x) => x !== null && x !== "").join(" ");
}

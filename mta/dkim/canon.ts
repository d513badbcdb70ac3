/** DKIM relaxed canonicalization (RFC 6376 §3.4.2, §3.4.4) on binary (latin1) strings. */

/** Does relaxed body canonicalization change anything but trailing empty lines? (native scans) */
export function bodyNeedsWork(b: { indexOf(s: string, from?: number): number; length: number }, start: number, lastByte: number): boolean {
  return b.indexOf("\t", start) >= 0 || b.indexOf("  ", start) >= 0 || b.indexOf(" \r\n", start) >= 0 || lastByte === 0x20;
}

export function relaxedBody(body: string): string {
  const work = bodyNeedsWork(body, 0, body.charCodeAt(body.length - 1));
  let b = work ? body.replace(/[ \t]+(?=\r\n|$)/g, "").replace(/[ \t]+/g, " ") : body;
  let end = b.length;
  while (end >= 2 && b.charCodeAt(end - 1) === 10 && b.charCodeAt(end - 2) === 13) end -= 2;
  if (end !== b.length) b = b.slice(0, end);
  return b.length === 0 ? "" : b + "\r\n";
}

/** Canonical "name:value" of one header field (raw, possibly folded, without the final CRLF). */
export function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(":");
  if (raw.indexOf("\r") < 0 && raw.indexOf("\t") < 0 && raw.indexOf("  ") < 0) {
    return `${raw.slice(0, colon).trim().toLowerCase()}:${raw.slice(colon + 1).trim()}`;
  }
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${name}:${value}`;
}

export interface HeaderField {
  name: string; // lowercase
  raw: string; // full field text including folds, no trailing CRLF
}

/** Split a CRLF header block into fields (continuation lines joined to their field). */
export function headerFields(header: string): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of header.split("\r\n")) {
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && out.length) {
      out[out.length - 1]!.raw += "\r\n" + line;
    } else {
      const colon = line.indexOf(":");
      out.push({ name: line.slice(0, colon < 0 ? line.length : colon).trim().toLowerCase(), raw: line });
    }
  }
  return out;
}

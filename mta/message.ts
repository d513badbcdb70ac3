/** Helpers for raw RFC 5322 messages: line endings, header block checks, size. */

const encoder = new TextEncoder();
const decoder = new TextDecoder("latin1");

/** Bytes -> a "binary" string (one char per byte) so that offsets equal byte offsets. */
export function toBinaryString(raw: string | Uint8Array): string {
  if (typeof raw !== "string") return decoder.decode(raw);
  // A JS string is Unicode text: anything beyond ASCII goes on the wire as UTF-8.
  return Buffer.byteLength(raw, "utf8") === raw.length ? raw : decoder.decode(encoder.encode(raw));
}

export function binaryToBytes(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** Normalize CR, LF and CRLF line endings to CRLF. */
export function toCrlf(s: string): string {
  if (!/\r(?!\n)|(?<!\r)\n/.test(s)) return s;
  return s.replace(/\r\n|\r|\n/g, "\r\n");
}

export interface SplitMessage {
  header: string; // without the blank line, ends with CRLF
  body: string;
}

export function splitMessage(crlf: string): SplitMessage {
  const idx = crlf.indexOf("\r\n\r\n");
  if (idx < 0) return { header: crlf.endsWith("\r\n") ? crlf : crlf + "\r\n", body: "" };
  return { header: crlf.slice(0, idx + 2), body: crlf.slice(idx + 4) };
}

const FIELD = /^[\x21-\x39\x3b-\x7e]+:/;

/**
 * Check a header block line by line: every line is a field or a folded continuation.
 * Returns a clear error for a line that would amount to header injection.
 */
export function checkHeaderBlock(header: string): string | null {
  const lines = header.split("\r\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) return "message has no header fields";
  let fromCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > 998) return `header line ${i + 1} is longer than 998 characters`;
    if (line.includes("\0")) return `header line ${i + 1} contains NUL`;
    if (line[0] === " " || line[0] === "\t") {
      if (i === 0) return "message starts with a folded line";
      continue;
    }
    if (!FIELD.test(line)) return `header line ${i + 1} is not a "Name: value" field: ${JSON.stringify(line.slice(0, 60))}`;
    if (/^from:/i.test(line)) fromCount++;
  }
  if (fromCount !== 1) return fromCount === 0 ? "message has no From header" : "message has more than one From header";
  return null;
}

/** Normalize and validate a raw message; returns the CRLF binary string (and whether it has 8-bit bytes) or an error. */
export function prepareRaw(raw: string | Uint8Array, maxBytes: number): { message: string; eightBit: boolean } | { error: string } {
  const ascii = typeof raw === "string" && Buffer.byteLength(raw, "utf8") === raw.length;
  const binary = ascii ? (raw as string) : toBinaryString(raw);
  const mixed = mixedHeaderEndings(binary);
  if (mixed) return { error: mixed };
  const crlf = toCrlf(binary);
  if (crlf.length > maxBytes) return { error: `message is ${crlf.length} bytes, over the ${maxBytes}-byte limit` };
  const { header } = splitMessage(crlf);
  const problem = checkHeaderBlock(header);
  return problem ? { error: problem } : { message: crlf, eightBit: !ascii && Buffer.byteLength(crlf, "utf8") !== crlf.length };
}

/** A header block mixing CRLF with bare CR or LF hides injected fields: refuse it. */
function mixedHeaderEndings(binary: string): string | null {
  const end = binary.search(/\r\n\r\n|\n\n|\r\r/);
  const head = end < 0 ? binary : binary.slice(0, end);
  const crlf = (head.match(/\r\n/g) ?? []).length;
  const bareLf = (head.match(/(?<!\r)\n/g) ?? []).length;
  const bareCr = (head.match(/\r(?!\n)/g) ?? []).length;
  const kinds = (crlf > 0 ? 1 : 0) + (bareLf > 0 ? 1 : 0) + (bareCr > 0 ? 1 : 0);
  return kinds > 1 ? "header block mixes CRLF with bare CR or LF (a CR/LF inside a header value?)" : null;
}

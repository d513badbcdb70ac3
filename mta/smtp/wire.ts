/** Set on a Buffer the engine built in strict CRLF form (skips the line-ending scan). */
export const CLEAN_CRLF = Symbol("owlat.cleanCrlf");

/** True when every LF follows a CR and every CR is followed by an LF. */
function cleanCrlf(chunk: Buffer): boolean {
  for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) if (i === 0 || chunk[i - 1] !== 0x0d) return false;
  for (let i = chunk.indexOf(0x0d); i >= 0; i = chunk.indexOf(0x0d, i + 1)) if (chunk[i + 1] !== 0x0a) return false;
  return true;
}

/** CRLF line endings and RFC 5321 dot-stuffing, with native searches. */
export function toWire(message: Buffer): Buffer {
  let m = message;
  if ((m as Buffer & { [CLEAN_CRLF]?: boolean })[CLEAN_CRLF] !== true && !cleanCrlf(m)) {
    m = Buffer.from(m.toString("latin1").replace(/\r\n|\r|\n/g, "\r\n"), "latin1");
  }
  const parts: Buffer[] = [];
  let from = 0;
  if (m[0] === 0x2e) (parts.push(Buffer.from(".")), (from = 0));
  for (let i = m.indexOf("\r\n.", 0, "latin1"); i >= 0; i = m.indexOf("\r\n.", i + 3, "latin1")) {
    parts.push(m.subarray(from, i + 2), Buffer.from("."));
    from = i + 2;
  }
  if (!parts.length) return m;
  parts.push(m.subarray(from));
  return Buffer.concat(parts);
}

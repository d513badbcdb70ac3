import { createHash } from "node:crypto";
import { bodyNeedsWork, headerFields, relaxedBody, relaxedHeader, type HeaderField } from "./canon.ts";

export const SIGNED_HEADERS = ["from", "sender", "reply-to", "subject", "date", "message-id", "to", "cc", "mime-version", "content-type", "content-transfer-encoding", "in-reply-to", "references", "list-id", "list-unsubscribe", "list-unsubscribe-post", "feedback-id", "cfbl-address", "cfbl-feedback-id"];
/** Listed once more than present so that a field added in transit breaks the signature. */
export const OVERSIGNED = new Set(["from", "subject", "to", "reply-to", "list-unsubscribe", "list-unsubscribe-post", "cfbl-address"]);

export interface KeyMeta {
  domain: string;
  selector: string;
  algorithm: "rsa" | "ed25519";
}

/** Relaxed body hash; the common case (nothing to change but trailing empty lines) hashes the bytes in place. */
export function bodyHash(message: Uint8Array, bodyStart: number): string {
  const m = Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const last = m.length > bodyStart ? m[m.length - 1]! : 0;
  if (bodyNeedsWork(m, bodyStart, last) || (last !== 0x0a && m.length > bodyStart)) {
    return createHash("sha256").update(relaxedBody(m.toString("latin1", bodyStart)), "latin1").digest("base64");
  }
  let end = m.length;
  while (end - 2 >= bodyStart && m[end - 1] === 0x0a && m[end - 2] === 0x0d) end -= 2;
  if (end === m.length && end > bodyStart) return createHash("sha256").update(relaxedBody(m.toString("latin1", bodyStart)), "latin1").digest("base64");
  // the canonical body is the bytes up to the first trailing CRLF, which is still there
  return createHash("sha256").update(m.subarray(bodyStart, end > bodyStart ? end + 2 : end)).digest("base64");
}

function pickHeaders(fields: HeaderField[], names: string[]): { h: string[]; canon: string } {
  const byName = new Map<string, HeaderField[]>();
  for (const f of fields) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  const h: string[] = [];
  let canon = "";
  for (const name of names) {
    const present = byName.get(name) ?? [];
    for (let i = present.length - 1; i >= 0; i--) {
      h.push(name);
      canon += relaxedHeader(present[i]!.raw) + "\r\n";
    }
    if (OVERSIGNED.has(name)) h.push(name);
  }
  return { h, canon };
}

export interface SigningInput {
  head: string; // DKIM-Signature field up to "b="
  data: Buffer; // what the signature covers (canonical headers + canonical head)
}

/** One body hash and one header canonicalization for all keys of a CRLF message. */
export function signingInputs(message: Uint8Array, keys: KeyMeta[], t: number, headers: string[] = SIGNED_HEADERS): SigningInput[] {
  const m = Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const end = m.indexOf("\r\n\r\n");
  const headerEnd = end < 0 ? m.length : end + 2;
  const bh = bodyHash(m, end < 0 ? m.length : end + 4);
  const { h, canon } = pickHeaders(headerFields(m.toString("latin1", 0, headerEnd)), headers);
  return keys.map((k) => {
    const a = k.algorithm === "rsa" ? "rsa-sha256" : "ed25519-sha256";
    const head = `DKIM-Signature: v=1; a=${a}; c=relaxed/relaxed; d=${k.domain}; s=${k.selector};\r\n\tt=${t}; h=${h.join(":")};\r\n\tbh=${bh};\r\n\tb=`;
    return { head, data: Buffer.from(canon + relaxedHeader(head), "latin1") };
  });
}

export function fieldOf(input: SigningInput, sig: Uint8Array): string {
  return `${input.head}${Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString("base64")}\r\n`;
}

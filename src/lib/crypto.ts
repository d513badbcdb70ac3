import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeHexLowerCase, encodeBase64urlNoPadding, decodeBase64urlIgnorePadding } from "@oslojs/encoding";

const encoder = new TextEncoder();

export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(text)));
}

export function hmacSha256(key: string | Uint8Array, message: string): Uint8Array {
  const k = typeof key === "string" ? encoder.encode(key) : key;
  return hmac(SHA256, k, encoder.encode(message));
}

export function hmacBase64url(key: string | Uint8Array, message: string): string {
  return encodeBase64urlNoPadding(hmacSha256(key, message));
}

export function equalStrings(a: string, b: string): boolean {
  const ab = encoder.encode(a);
  const bb = encoder.encode(b);
  if (ab.length !== bb.length) return false;
  return constantTimeEqual(ab, bb);
}

export function equalHashes(a: string, b: string): boolean {
  return equalStrings(sha256Hex(a), sha256Hex(b));
}

export function toBase64url(bytes: Uint8Array): string {
  return encodeBase64urlNoPadding(bytes);
}

export function fromBase64url(text: string): Uint8Array | null {
  try {
    return decodeBase64urlIgnorePadding(text);
  } catch {
    return null;
  }
}

export function randomBytes(n: number): Uint8Array {
  const buf = new Uint8Array(n);
  crypto.getRandomValues(buf);
  return buf;
}


/** AES-256-GCM envelope keyed from a secret: "v1.<iv>.<ciphertext+tag>" (base64url). */
export function seal(secret: string, plaintext: string, purpose: string): string {
  const key = createHash("sha256").update(`${purpose}\0${secret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${toBase64url(iv)}.${toBase64url(body)}`;
}

export function unseal(secret: string, sealed: string, purpose: string): string | null {
  const [v, ivText, bodyText] = sealed.split(".");
  const iv = ivText ? fromBase64url(ivText) : null;
  const body = bodyText ? fromBase64url(bodyText) : null;
  if (v !== "v1" || !iv || !body || body.length < 16) return null;
  try {
    const key = createHash("sha256").update(`${purpose}\0${secret}`).digest();
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

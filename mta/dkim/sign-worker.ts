/// <reference lib="webworker" />
/**
 * DKIM signing thread: canonicalization, body hash and the signatures of whole messages,
 * RSA through the system's OpenSSL (libcrypto.so.3) via bun:ffi — about twice as fast per core
 * as the alternatives here. Messages arrive and leave as transferred buffers (no copies).
 */
import { dlopen, FFIType, ptr, type Pointer } from "bun:ffi";
import { createHash, createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import { fieldOf, signingInputs, type KeyMeta } from "./core.ts";

const lib = dlopen("libcrypto.so.3", {
  d2i_AutoPrivateKey: { args: [FFIType.ptr, FFIType.ptr, FFIType.i64], returns: FFIType.ptr },
  EVP_PKEY_CTX_new: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.ptr },
  EVP_PKEY_sign_init: { args: [FFIType.ptr], returns: FFIType.i32 },
  EVP_PKEY_CTX_set_rsa_padding: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  EVP_PKEY_CTX_set_signature_md: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  EVP_sha256: { args: [], returns: FFIType.ptr },
  EVP_PKEY_sign: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
});

type Key = { meta: KeyMeta; ctx?: Pointer; size?: number; ed?: KeyObject };
const keys = new Map<number, Key>();
const sigLen = new BigUint64Array(1);

function rsaContext(key: KeyObject): Pointer | null {
  const der = new Uint8Array(key.export({ type: "pkcs1", format: "der" }));
  const holder = new BigUint64Array(1);
  holder[0] = BigInt(ptr(der));
  const pkey = lib.symbols.d2i_AutoPrivateKey(null, ptr(holder), der.length);
  const ctx = pkey ? lib.symbols.EVP_PKEY_CTX_new(pkey, null) : null;
  if (!ctx) return null;
  const ok = lib.symbols.EVP_PKEY_sign_init(ctx) === 1 && lib.symbols.EVP_PKEY_CTX_set_rsa_padding(ctx, 1) === 1 && lib.symbols.EVP_PKEY_CTX_set_signature_md(ctx, lib.symbols.EVP_sha256()) === 1;
  return ok ? (ctx as Pointer) : null;
}

function rsaSign(k: Key, data: Buffer): Uint8Array {
  const digest = createHash("sha256").update(data).digest();
  const out = new Uint8Array(k.size!);
  sigLen[0] = BigInt(k.size!);
  if (lib.symbols.EVP_PKEY_sign(k.ctx!, ptr(out), ptr(sigLen), ptr(digest), 32) !== 1) throw new Error("OpenSSL signing failed");
  return out;
}

function load(id: number, meta: KeyMeta, pem: string): string | null {
  const key = createPrivateKey(pem);
  if (meta.algorithm === "ed25519") {
    keys.set(id, { meta, ed: key });
    return null;
  }
  const ctx = rsaContext(key);
  if (!ctx) return "OpenSSL could not load the RSA key";
  keys.set(id, { meta, ctx, size: (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8 });
  return null;
}

type Item = { n: number; buf: ArrayBuffer; start: number; len: number; keys: number[]; t: number };

function signItem(it: Item): { n: number; buf: ArrayBuffer; fields?: string; error?: string } {
  try {
    const list = it.keys.map((id) => keys.get(id)!);
    const inputs = signingInputs(Buffer.from(it.buf, it.start, it.len), list.map((k) => k.meta), it.t);
    const fields = inputs.map((inp, i) => fieldOf(inp, list[i]!.ed ? nodeSign(null, createHash("sha256").update(inp.data).digest(), list[i]!.ed!) : rsaSign(list[i]!, inp.data))).join("");
    return { n: it.n, buf: it.buf, fields };
  } catch (err) {
    return { n: it.n, buf: it.buf, error: (err as Error).message };
  }
}

self.onmessage = (e: MessageEvent) => {
  const m = e.data as { type: "key"; id: number; meta: KeyMeta; pem: string } | { type: "sign"; items: Item[] };
  if (m.type === "key") {
    let error: string | null;
    try {
      error = load(m.id, m.meta, m.pem);
    } catch (err) {
      error = (err as Error).message;
    }
    postMessage({ type: "key", id: m.id, error });
    return;
  }
  const out = m.items.map(signItem);
  postMessage({ type: "signed", items: out }, out.map((o) => o.buf));
};

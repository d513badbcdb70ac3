/// <reference lib="webworker" />
/**
 * Worker thread that signs SHA-256 digests with RSA (PKCS#1 v1.5) through the system's
 * OpenSSL (libcrypto.so.3) via bun:ffi: about twice as fast per core as the alternatives here.
 */
import { dlopen, FFIType, ptr, type Pointer } from "bun:ffi";

const lib = dlopen("libcrypto.so.3", {
  d2i_AutoPrivateKey: { args: [FFIType.ptr, FFIType.ptr, FFIType.i64], returns: FFIType.ptr },
  EVP_PKEY_CTX_new: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.ptr },
  EVP_PKEY_sign_init: { args: [FFIType.ptr], returns: FFIType.i32 },
  EVP_PKEY_CTX_set_rsa_padding: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  EVP_PKEY_CTX_set_signature_md: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  EVP_sha256: { args: [], returns: FFIType.ptr },
  EVP_PKEY_sign: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
});

const contexts = new Map<number, { ctx: Pointer; size: number }>();
const sha256 = lib.symbols.EVP_sha256();
const sigLen = new BigUint64Array(1);

function loadKey(id: number, der: Uint8Array, size: number): boolean {
  const holder = new BigUint64Array(1);
  holder[0] = BigInt(ptr(der));
  const pkey = lib.symbols.d2i_AutoPrivateKey(null, ptr(holder), der.length);
  if (!pkey) return false;
  const ctx = lib.symbols.EVP_PKEY_CTX_new(pkey, null);
  if (!ctx) return false;
  const ok = lib.symbols.EVP_PKEY_sign_init(ctx) === 1 && lib.symbols.EVP_PKEY_CTX_set_rsa_padding(ctx, 1) === 1 && lib.symbols.EVP_PKEY_CTX_set_signature_md(ctx, sha256) === 1;
  if (ok) contexts.set(id, { ctx: ctx as Pointer, size });
  return ok;
}

type Msg = { type: "key"; id: number; der: Uint8Array; size: number } | { type: "sign"; batch: number; keys: Uint32Array; digests: Uint8Array; sizes: Uint32Array };

self.onmessage = (e: MessageEvent<Msg>) => {
  const m = e.data;
  if (m.type === "key") {
    postMessage({ type: "key", id: m.id, ok: loadKey(m.id, m.der, m.size) });
    return;
  }
  const total = m.sizes.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  const okFlags = new Uint8Array(m.keys.length);
  let offset = 0;
  for (let i = 0; i < m.keys.length; i++) {
    const k = contexts.get(m.keys[i]!);
    sigLen[0] = BigInt(m.sizes[i]!);
    const digest = m.digests.subarray(i * 32, i * 32 + 32);
    okFlags[i] = k && lib.symbols.EVP_PKEY_sign(k.ctx, ptr(out, offset), ptr(sigLen), ptr(digest), 32) === 1 ? 1 : 0;
    offset += m.sizes[i]!;
  }
  postMessage({ type: "signed", batch: m.batch, sigs: out, ok: okFlags }, [out.buffer]);
};

import { createHash, type KeyObject } from "node:crypto";

/** RSA-SHA256 (PKCS#1 v1.5) signing, always off the event loop. */
export interface RsaBackend {
  readonly name: string;
  load(key: KeyObject): Promise<number>;
  sign(id: number, data: Uint8Array): Promise<Uint8Array>;
  close(): void;
}

/** WebCrypto: sign() runs on Bun's thread pool, so concurrent signatures use every core. */
export class WebCryptoRsa implements RsaBackend {
  readonly name = "webcrypto";
  private readonly keys: CryptoKey[] = [];
  private readonly ids = new WeakMap<KeyObject, number>();

  async load(key: KeyObject): Promise<number> {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const der = key.export({ type: "pkcs8", format: "der" });
    const ck = await crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
    this.keys.push(ck);
    this.ids.set(key, this.keys.length - 1);
    return this.keys.length - 1;
  }

  async sign(id: number, data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", this.keys[id]!, data as Uint8Array<ArrayBuffer>));
  }

  close(): void {}
}

type Pending = { resolve(sig: Uint8Array): void; reject(err: Error): void };
type Queued = { key: number; digest: Buffer; size: number; p: Pending };

/**
 * OpenSSL through bun:ffi in worker threads (one per core). Requests issued in the same tick
 * travel to a worker as one batch of digests; signatures come back as one buffer.
 */
export class OpenSslRsa implements RsaBackend {
  readonly name = "openssl";
  private readonly workers: Worker[] = [];
  private readonly sizes: number[] = [];
  private queue: Queued[] = [];
  private scheduled = false;
  private next = 0;
  private batchSeq = 0;
  private readonly batches = new Map<number, Queued[]>();
  private readonly keyWaiters = new Map<string, (ok: boolean) => void>();

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(new URL("./openssl-worker.ts", import.meta.url).href);
      w.onmessage = (e: MessageEvent) => this.onMessage(i, e.data);
      w.onerror = () => this.fail(i);
      this.workers.push(w);
    }
  }

  /** A worker that cannot start (e.g. not bundled): refuse its key loads so the caller can fall back. */
  private fail(worker: number): void {
    for (const [k, resolve] of this.keyWaiters) if (k.startsWith(`${worker}:`)) resolve(false);
  }

  async load(key: KeyObject): Promise<number> {
    const id = this.sizes.length;
    const size = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
    this.sizes.push(size);
    const der = new Uint8Array(key.export({ type: "pkcs1", format: "der" }));
    const results = await Promise.all(
      this.workers.map((w, i) => new Promise<boolean>((resolve) => {
        this.keyWaiters.set(`${i}:${id}`, resolve);
        w.postMessage({ type: "key", id, der, size });
      })),
    );
    if (!results.every(Boolean)) throw new Error("OpenSSL could not load the RSA key");
    return id;
  }

  sign(id: number, data: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key: id, digest: createHash("sha256").update(data).digest(), size: this.sizes[id]!, p: { resolve, reject } });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.dispatch());
      }
    });
  }

  private dispatch(): void {
    this.scheduled = false;
    const all = this.queue;
    this.queue = [];
    const per = Math.ceil(all.length / this.workers.length);
    for (let start = 0; start < all.length; start += per) {
      const part = all.slice(start, start + per);
      const batch = ++this.batchSeq;
      this.batches.set(batch, part);
      const digests = Buffer.concat(part.map((q) => q.digest));
      const w = this.workers[this.next++ % this.workers.length]!;
      w.postMessage({ type: "sign", batch, keys: Uint32Array.from(part.map((q) => q.key)), digests, sizes: Uint32Array.from(part.map((q) => q.size)) });
    }
  }

  private onMessage(worker: number, m: { type: string; id?: number; ok: boolean | Uint8Array; batch?: number; sigs?: Uint8Array }): void {
    if (m.type === "key") return this.keyWaiters.get(`${worker}:${m.id}`)?.(m.ok as boolean);
    const part = this.batches.get(m.batch!);
    this.batches.delete(m.batch!);
    if (!part) return;
    let offset = 0;
    part.forEach((q, i) => {
      if ((m.ok as Uint8Array)[i]) q.p.resolve(m.sigs!.subarray(offset, offset + q.size));
      else q.p.reject(new Error("OpenSSL signing failed"));
      offset += q.size;
    });
  }

  close(): void {
    for (const w of this.workers) w.terminate();
    for (const part of this.batches.values()) for (const q of part) q.p.reject(new Error("signer closed"));
    this.batches.clear();
  }
}

/** Is the system's libcrypto usable through bun:ffi? */
export function openSslAvailable(): boolean {
  try {
    const { dlopen, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
    const lib = dlopen("libcrypto.so.3", { EVP_sha256: { args: [], returns: FFIType.ptr } });
    lib.close();
    return true;
  } catch {
    return false;
  }
}

/** OpenSSL workers when they load keys within 5 s, else WebCrypto from then on. */
class AutoRsa implements RsaBackend {
  name = "openssl";
  private openssl: OpenSslRsa | null;
  private readonly web = new WebCryptoRsa();
  private readonly map = new Map<number, { backend: RsaBackend; id: number }>();

  constructor(threads: number) {
    try {
      this.openssl = openSslAvailable() ? new OpenSslRsa(threads) : null;
    } catch {
      this.openssl = null;
    }
    if (!this.openssl) this.name = "webcrypto";
  }

  async load(key: KeyObject): Promise<number> {
    const id = this.map.size;
    if (this.openssl) {
      const loaded = await Promise.race([this.openssl.load(key).catch(() => null), Bun.sleep(5000).then(() => null)]);
      if (loaded !== null) return this.map.set(id, { backend: this.openssl, id: loaded }), id;
      this.openssl.close();
      this.openssl = null;
      this.name = "webcrypto";
    }
    this.map.set(id, { backend: this.web, id: await this.web.load(key) });
    return id;
  }

  sign(id: number, data: Uint8Array): Promise<Uint8Array> {
    const m = this.map.get(id)!;
    return m.backend.sign(m.id, data);
  }

  close(): void {
    this.openssl?.close();
  }
}

export function createRsaBackend(kind: "auto" | "openssl" | "webcrypto", threads: number): RsaBackend {
  if (kind === "webcrypto") return new WebCryptoRsa();
  if (kind === "openssl") return new OpenSslRsa(threads);
  return new AutoRsa(threads);
}

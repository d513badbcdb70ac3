import { createHash, sign as nodeSign, type KeyObject } from "node:crypto";
import { fieldOf, signingInputs, type KeyMeta } from "./core.ts";

/** Where DKIM signatures are computed. `sign` returns the DKIM-Signature fields (CRLF-terminated). */
export interface DkimBackend {
  readonly name: string;
  load(meta: KeyMeta, key: KeyObject): Promise<number>;
  /** message = the CRLF bytes; may be handed to another thread and given back as `message`. */
  sign(message: Buffer, keyIds: number[], t: number): Promise<{ fields: string; message: Buffer }>;
  close(): void;
}

/** In-process: canonicalization here, RSA on WebCrypto's thread pool, Ed25519 inline. */
export class WebCryptoBackend implements DkimBackend {
  readonly name = "webcrypto";
  private readonly keys: { meta: KeyMeta; rsa?: CryptoKey; ed?: KeyObject }[] = [];

  async load(meta: KeyMeta, key: KeyObject): Promise<number> {
    if (meta.algorithm === "ed25519") this.keys.push({ meta, ed: key });
    else {
      const der = key.export({ type: "pkcs8", format: "der" });
      this.keys.push({ meta, rsa: await crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]) });
    }
    return this.keys.length - 1;
  }

  async sign(message: Buffer, keyIds: number[], t: number): Promise<{ fields: string; message: Buffer }> {
    const keys = keyIds.map((id) => this.keys[id]!);
    const inputs = signingInputs(message, keys.map((k) => k.meta), t);
    const sigs = await Promise.all(
      keys.map(async (k, i) => {
        const data = inputs[i]!.data;
        if (k.ed) return new Uint8Array(nodeSign(null, createHash("sha256").update(data).digest(), k.ed));
        return new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", k.rsa!, data as Uint8Array<ArrayBuffer>));
      }),
    );
    return { fields: inputs.map((inp, i) => fieldOf(inp, sigs[i]!)).join(""), message };
  }

  close(): void {}
}

type Pending = { resolve(v: { fields: string; message: Buffer }): void; reject(err: Error): void; start: number; len: number };

/**
 * Worker threads (one per core) that canonicalize, hash and sign whole messages with OpenSSL;
 * the main thread only hands over the buffer. Requests issued within 1 ms travel as one batch.
 */
export class WorkerBackend implements DkimBackend {
  readonly name = "openssl-workers";
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly keyWaiters = new Map<string, (error: string | null) => void>();
  private queue: { n: number; buf: ArrayBuffer; start: number; len: number; keys: number[]; t: number }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private keyCount = 0;
  private next = 0;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(new URL("./sign-worker.ts", import.meta.url).href);
      w.onmessage = (e: MessageEvent) => this.onMessage(i, e.data);
      w.onerror = () => this.failWorker(i);
      this.workers.push(w);
    }
  }

  private failWorker(worker: number): void {
    for (const [k, resolve] of this.keyWaiters) if (k.startsWith(`${worker}:`)) resolve("signing worker failed to start");
  }

  async load(meta: KeyMeta, key: KeyObject): Promise<number> {
    const id = this.keyCount++;
    const pem = key.export({ type: "pkcs8", format: "pem" }) as string;
    const errors = await Promise.all(
      this.workers.map((w, i) => new Promise<string | null>((resolve) => {
        this.keyWaiters.set(`${i}:${id}`, resolve);
        w.postMessage({ type: "key", id, meta, pem });
      })),
    );
    const error = errors.find((e) => e);
    if (error) throw new Error(error);
    return id;
  }

  /** message must be the only view of its own ArrayBuffer (it is transferred to a worker). */
  sign(message: Buffer, keyIds: number[], t: number): Promise<{ fields: string; message: Buffer }> {
    return new Promise((resolve, reject) => {
      const n = ++this.seq;
      this.pending.set(n, { resolve, reject, start: message.byteOffset, len: message.length });
      this.queue.push({ n, buf: message.buffer as ArrayBuffer, start: message.byteOffset, len: message.length, keys: keyIds, t });
      if (this.queue.length >= 64) this.dispatch();
      else this.timer ??= setTimeout(() => this.dispatch(), 1);
    });
  }

  private dispatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = this.queue;
    this.queue = [];
    const per = Math.ceil(all.length / this.workers.length);
    for (let i = 0; i < all.length; i += per) {
      const items = all.slice(i, i + per);
      this.workers[this.next++ % this.workers.length]!.postMessage({ type: "sign", items }, items.map((it) => it.buf));
    }
  }

  private onMessage(worker: number, m: { type: string; id?: number; error?: string | null; items?: { n: number; buf: ArrayBuffer; fields?: string; error?: string }[] }): void {
    if (m.type === "key") return this.keyWaiters.get(`${worker}:${m.id}`)?.(m.error ?? null);
    for (const it of m.items ?? []) {
      const p = this.pending.get(it.n);
      this.pending.delete(it.n);
      if (!p) continue;
      if (it.fields === undefined) p.reject(new Error(it.error ?? "signing failed"));
      else p.resolve({ fields: it.fields, message: Buffer.from(it.buf, p.start, p.len) });
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.workers) w.terminate();
    for (const p of this.pending.values()) p.reject(new Error("signer closed"));
    this.pending.clear();
  }
}

/** Is the system's libcrypto usable through bun:ffi? */
export function openSslAvailable(): boolean {
  try {
    const { dlopen, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
    dlopen("libcrypto.so.3", { EVP_sha256: { args: [], returns: FFIType.ptr } }).close();
    return true;
  } catch {
    return false;
  }
}

/** Worker threads with OpenSSL when they start and load keys (within 5 s), else in-process WebCrypto. */
export class AutoBackend implements DkimBackend {
  name = "openssl-workers";
  private workers: WorkerBackend | null;
  private readonly web = new WebCryptoBackend();
  private readonly map: { backend: DkimBackend; id: number }[] = [];

  constructor(threads: number) {
    try {
      this.workers = openSslAvailable() ? new WorkerBackend(threads) : null;
    } catch {
      this.workers = null;
    }
    if (!this.workers) this.name = "webcrypto";
  }

  async load(meta: KeyMeta, key: KeyObject): Promise<number> {
    if (this.workers) {
      const id = await Promise.race([this.workers.load(meta, key).catch(() => null), Bun.sleep(5000).then(() => null)]);
      if (id !== null) return this.map.push({ backend: this.workers, id }) - 1;
      if (!this.map.some((m) => m.backend === this.workers)) {
        this.workers.close();
        this.workers = null;
        this.name = "webcrypto";
      }
    }
    return this.map.push({ backend: this.web, id: await this.web.load(meta, key) }) - 1;
  }

  async sign(message: Buffer, keyIds: number[], t: number): Promise<{ fields: string; message: Buffer }> {
    const targets = keyIds.map((id) => this.map[id]!);
    const onWeb = targets.filter((x) => x.backend === this.web).map((x) => x.id);
    const onWorkers = targets.filter((x) => x.backend !== this.web).map((x) => x.id);
    const a = onWeb.length ? await this.web.sign(message, onWeb, t) : { fields: "", message };
    const b = onWorkers.length ? await this.workers!.sign(a.message, onWorkers, t) : { fields: "", message: a.message };
    return { fields: a.fields + b.fields, message: b.message };
  }

  close(): void {
    this.workers?.close();
  }
}

export function createDkimBackend(kind: "auto" | "openssl" | "webcrypto", threads: number): DkimBackend {
  if (kind === "webcrypto") return new WebCryptoBackend();
  if (kind === "openssl") return new WorkerBackend(threads);
  return new AutoBackend(threads);
}

import type { KeyObject } from "node:crypto";

/**
 * RSA-SHA256 (PKCS#1 v1.5) signing off the event loop: WebCrypto's sign runs on a thread
 * pool, so signatures issued concurrently use every core.
 */
export class RsaBackend {
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

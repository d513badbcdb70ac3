import { createPrivateKey, type KeyObject } from "node:crypto";
import type { DkimKey, SigningKeys } from "../types.ts";
import { WebCryptoBackend, type DkimBackend } from "./backends.ts";
import type { KeyMeta } from "./core.ts";

export { SIGNED_HEADERS, OVERSIGNED, bodyHash } from "./core.ts";

/** Free bytes in front of each message that take the DKIM-Signature fields (no copy to prepend them). */
const RESERVE = 4096;

export class DkimKeyError extends Error {
  constructor(domain: string, selector: string, why: string) {
    super(`DKIM key for ${domain} (selector ${selector}) cannot be used: ${why}`);
  }
}

/** Parse one key once (PEM -> key object) and hand it to the backend; DkimKeyError says why not. */
async function prepare(k: DkimKey, backend: DkimBackend): Promise<number> {
  let key: KeyObject;
  try {
    key = createPrivateKey(k.privateKeyPem);
  } catch (err) {
    throw new DkimKeyError(k.domain, k.selector, `private key does not parse (${(err as Error).message})`);
  }
  const type = k.algorithm === "ed25519" ? "ed25519" : "rsa";
  if (key.asymmetricKeyType !== type) throw new DkimKeyError(k.domain, k.selector, `expected an ${type === "rsa" ? "RSA" : "Ed25519"} key, got ${key.asymmetricKeyType}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (type === "rsa" && bits < 1024) throw new DkimKeyError(k.domain, k.selector, `RSA key has ${bits} bits (at least 1024, 2048 recommended)`);
  const meta: KeyMeta = { domain: k.domain, selector: k.selector, algorithm: type };
  return backend.load(meta, key).catch((err: Error) => {
    throw new DkimKeyError(k.domain, k.selector, err.message);
  });
}

export class DkimSigner {
  private readonly cache = new Map<string, { until: number; keys: Promise<number[]> }>();
  readonly backend: DkimBackend;

  constructor(
    private readonly source: SigningKeys,
    private readonly now: () => number,
    backend?: DkimBackend,
  ) {
    this.backend = backend ?? new WebCryptoBackend();
  }

  /** Keys for tenant+domain, parsed and loaded once, kept 5 minutes. */
  keysFor(tenant: string, domain: string): Promise<number[]> {
    const id = `${tenant}\u0000${domain}`;
    const hit = this.cache.get(id);
    if (hit && hit.until > this.now()) return hit.keys;
    const keys = Promise.resolve(this.source.keysFor(tenant, domain)).then((list) => Promise.all((list ?? []).map((k) => prepare(k, this.backend))));
    keys.catch(() => this.cache.delete(id));
    this.cache.set(id, { until: this.now() + 300_000, keys });
    return keys;
  }

  /**
   * Sign a CRLF message (binary string or bytes): one copy into a buffer with room in front,
   * canonicalization, body hash and signatures by the backend (off the event loop), then the
   * DKIM-Signature fields are written into the room. Returns the signed message.
   */
  async sign(binary: string | Buffer, tenant: string, domain: string): Promise<Buffer> {
    const keys = await this.keysFor(tenant, domain);
    const len = typeof binary === "string" ? binary.length : binary.length;
    const room = Buffer.from(new ArrayBuffer(RESERVE + len));
    if (typeof binary === "string") room.write(binary, RESERVE, "latin1");
    else binary.copy(room, RESERVE);
    if (!keys.length) return room.subarray(RESERVE);
    const t = Math.floor(this.now() / 1000);
    const { fields, message } = await this.backend.sign(room.subarray(RESERVE), keys, t);
    if (fields.length > RESERVE) return Buffer.concat([Buffer.from(fields, "latin1"), message]);
    const whole = Buffer.from(message.buffer, message.byteOffset - fields.length, fields.length + message.length);
    whole.write(fields, 0, "latin1");
    return whole;
  }

  close(): void {
    this.backend.close();
  }
}

import { createHash, createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import type { DkimKey, SigningKeys } from "../types.ts";
import { bodyNeedsWork, headerFields, relaxedBody, relaxedHeader, type HeaderField } from "./canon.ts";
import { WebCryptoRsa, type RsaBackend } from "./rsa-backend.ts";

export const SIGNED_HEADERS = ["from", "sender", "reply-to", "subject", "date", "message-id", "to", "cc", "mime-version", "content-type", "content-transfer-encoding", "in-reply-to", "references", "list-id", "list-unsubscribe", "list-unsubscribe-post", "feedback-id", "cfbl-address", "cfbl-feedback-id"];
/** Listed once more than present so that a field added in transit breaks the signature. */
export const OVERSIGNED = new Set(["from", "subject", "to", "reply-to", "list-unsubscribe", "list-unsubscribe-post", "cfbl-address"]);

const RESERVE = 4096;

export class DkimKeyError extends Error {
  constructor(domain: string, selector: string, why: string) {
    super(`DKIM key for ${domain} (selector ${selector}) cannot be used: ${why}`);
  }
}

interface PreparedKey {
  domain: string;
  selector: string;
  algorithm: "rsa" | "ed25519";
  rsaId?: number;
  ed?: KeyObject;
}

/** Parse one key once (PEM -> key object); throws DkimKeyError with the reason. */
function prepare(k: DkimKey, rsa: RsaBackend): Promise<PreparedKey> | PreparedKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(k.privateKeyPem);
  } catch (err) {
    throw new DkimKeyError(k.domain, k.selector, `private key does not parse (${(err as Error).message})`);
  }
  if (k.algorithm === "ed25519") {
    if (key.asymmetricKeyType !== "ed25519") throw new DkimKeyError(k.domain, k.selector, `expected an Ed25519 key, got ${key.asymmetricKeyType}`);
    return { domain: k.domain, selector: k.selector, algorithm: "ed25519", ed: key };
  }
  if (key.asymmetricKeyType !== "rsa") throw new DkimKeyError(k.domain, k.selector, `expected an RSA key, got ${key.asymmetricKeyType}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new DkimKeyError(k.domain, k.selector, `RSA key has ${bits} bits (at least 1024, 2048 recommended)`);
  return rsa.load(key).then((rsaId) => ({ domain: k.domain, selector: k.selector, algorithm: "rsa" as const, rsaId }));
}

function pickHeaders(fields: HeaderField[], names: string[]): { h: string[]; canon: string } {
  const h: string[] = [];
  let canon = "";
  for (const name of names) {
    const present = fields.filter((f) => f.name === name);
    for (let i = present.length - 1; i >= 0; i--) {
      h.push(name);
      canon += relaxedHeader(present[i]!.raw) + "\r\n";
    }
    if (OVERSIGNED.has(name)) h.push(name);
  }
  return { h, canon };
}

/** Relaxed body hash; the common case (nothing to change but trailing empty lines) hashes the bytes in place. */
export function bodyHash(message: Buffer, bodyStart: number): string {
  const last = message.length > bodyStart ? message[message.length - 1]! : 0;
  if (bodyNeedsWork(message, bodyStart, last) || (last !== 0x0a && message.length > bodyStart)) {
    return createHash("sha256").update(relaxedBody(message.toString("latin1", bodyStart)), "latin1").digest("base64");
  }
  let end = message.length;
  while (end - 2 >= bodyStart && message[end - 1] === 0x0a && message[end - 2] === 0x0d) end -= 2;
  const hash = createHash("sha256").update(message.subarray(bodyStart, end));
  if (end > bodyStart) hash.update("\r\n");
  return hash.digest("base64");
}

export class DkimSigner {
  private readonly cache = new Map<string, { until: number; keys: Promise<PreparedKey[]> }>();
  readonly rsa: RsaBackend;

  constructor(
    private readonly source: SigningKeys,
    private readonly now: () => number,
    backend?: RsaBackend,
    private readonly headers: string[] = SIGNED_HEADERS,
  ) {
    this.rsa = backend ?? new WebCryptoRsa();
  }

  /** Keys for tenant+domain, parsed once and kept 5 minutes. */
  keysFor(tenant: string, domain: string): Promise<PreparedKey[]> {
    const id = `${tenant}\u0000${domain}`;
    const hit = this.cache.get(id);
    if (hit && hit.until > this.now()) return hit.keys;
    const keys = Promise.resolve(this.source.keysFor(tenant, domain)).then((list) => Promise.all((list ?? []).map((k) => prepare(k, this.rsa))));
    keys.catch(() => this.cache.delete(id));
    this.cache.set(id, { until: this.now() + 300_000, keys });
    return keys;
  }

  /**
   * Sign a CRLF message: one body hash and one header canonicalization shared by all keys;
   * RSA runs off the event loop. Returns the message with DKIM-Signature fields prepended.
   */
  async sign(binary: string | Buffer, tenant: string, domain: string): Promise<Buffer> {
    const keys = await this.keysFor(tenant, domain);
    // One copy only: the message is written after RESERVE free bytes that take the signature fields.
    const room = typeof binary === "string" ? Buffer.allocUnsafe(RESERVE + binary.length) : null;
    if (room) room.write(binary as string, RESERVE, "latin1");
    const message = room ? room.subarray(RESERVE) : (binary as Buffer);
    if (!keys.length) return message;
    const end = message.indexOf("\r\n\r\n");
    const headerEnd = end < 0 ? message.length : end + 2;
    const bodyStart = end < 0 ? message.length : end + 4;
    const bh = bodyHash(message, bodyStart);
    const { h, canon } = pickHeaders(headerFields(message.toString("latin1", 0, headerEnd)), this.headers);
    const t = Math.floor(this.now() / 1000);
    const fields = (await Promise.all(keys.map((k) => this.signOne(k, canon, h, bh, t)))).join("");
    if (!room || fields.length > RESERVE) return Buffer.concat([Buffer.from(fields, "latin1"), message]);
    room.write(fields, RESERVE - fields.length, "latin1");
    return room.subarray(RESERVE - fields.length);
  }

  private async signOne(k: PreparedKey, canon: string, h: string[], bh: string, t: number): Promise<string> {
    const a = k.algorithm === "rsa" ? "rsa-sha256" : "ed25519-sha256";
    const head = `DKIM-Signature: v=1; a=${a}; c=relaxed/relaxed; d=${k.domain}; s=${k.selector};\r\n\tt=${t}; h=${h.join(":")};\r\n\tbh=${bh};\r\n\tb=`;
    const data = Buffer.from(canon + relaxedHeader(head), "latin1");
    let sig: Uint8Array;
    if (k.algorithm === "rsa") sig = await this.rsa.sign(k.rsaId!, data);
    else sig = nodeSign(null, createHash("sha256").update(data).digest(), k.ed!);
    return `${head}${Buffer.from(sig).toString("base64")}\r\n`;
  }

  close(): void {
    this.rsa.close();
  }
}

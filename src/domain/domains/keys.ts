import { generateKeyPairSync } from "node:crypto";
import { seal, unseal } from "../../lib/crypto";

const PURPOSE = "dkim-private-key";

export interface GeneratedKey {
  algorithm: "rsa-sha256" | "ed25519-sha256";
  /** The `p=` value of the DKIM TXT record. */
  publicKey: string;
  privateKeyPem: string;
}

/** RSA-2048 (default) or Ed25519 (RFC 8463) key pair in the formats DKIM needs. */
export function generateDkimKey(algorithm: "rsa-sha256" | "ed25519-sha256" = "rsa-sha256"): GeneratedKey {
  if (algorithm === "ed25519-sha256") {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const spki = publicKey.export({ type: "spki", format: "der" });
    // Ed25519 DKIM keys publish the raw 32-byte key, the tail of the SPKI structure.
    return { algorithm, publicKey: spki.subarray(spki.length - 32).toString("base64"), privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
  }
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { algorithm, publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"), privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

export const sealPrivateKey = (secret: string, pem: string) => seal(secret, pem, PURPOSE);
export const unsealPrivateKey = (secret: string, sealed: string) => unseal(secret, sealed, PURPOSE);

/** Selector names sort by age: s<unix seconds> for RSA, e<unix seconds> for Ed25519. */
export function selectorFor(algorithm: "rsa-sha256" | "ed25519-sha256", now: number): string {
  return `${algorithm === "rsa-sha256" ? "s" : "e"}${Math.floor(now / 1000)}`;
}

export function dkimTxt(algorithm: "rsa-sha256" | "ed25519-sha256", publicKey: string): string {
  return `v=DKIM1; k=${algorithm === "rsa-sha256" ? "rsa" : "ed25519"}; p=${publicKey}`;
}

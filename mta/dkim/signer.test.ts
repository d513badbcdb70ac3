import { describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { dkimVerify } from "mailauth/lib/dkim/verify";
import { relaxedBody, relaxedHeader } from "./canon.ts";
import { openSslAvailable, WebCryptoBackend, WorkerBackend, type DkimBackend } from "./backends.ts";
import { bodyHash, DkimKeyError, DkimSigner } from "./signer.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ed = generateKeyPairSync("ed25519");
const rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const edPem = ed.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const txt: Record<string, string> = {
  "r1._domainkey.example.test": `v=DKIM1; k=rsa; p=${(rsa.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64")}`,
  "e1._domainkey.example.test": `v=DKIM1; k=ed25519; p=${(ed.publicKey.export({ type: "spki", format: "der" }) as Buffer).subarray(12).toString("base64")}`,
};
const resolver = async (name: string, type: string) => {
  if (type !== "TXT" || !txt[name]) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return [[txt[name]!]];
};

const msg = (body: string) => Buffer.from(`From: A <a@example.test>\r\nTo: b@other.test\r\nSubject:  Hello   there \r\nDate: Mon, 3 Nov 2025 10:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n\r\n${body}`, "latin1");

async function verify(signed: Buffer): Promise<string[]> {
  const res = await dkimVerify(signed, { resolver });
  return res.results.map((r: { status: { result: string } }) => r.status.result);
}

describe("canonicalization", () => {
  test("relaxed body: WSP runs, trailing WSP, trailing empty lines", () => {
    expect(relaxedBody("a  b\t c \r\n\r\n\r\n")).toBe("a b c\r\n");
    expect(relaxedBody("")).toBe("");
    expect(relaxedBody("\r\n\r\n")).toBe("");
    expect(relaxedBody("no newline")).toBe("no newline\r\n");
  });
  test("the in-place body hash equals hashing the canonical body", () => {
    for (const body of ["plain\r\nlines\r\n\r\n", "tab\there\r\n", "trailing \r\n", "x", ""]) {
      const m = msg(body);
      const start = m.indexOf("\r\n\r\n") + 4;
      const reference = new Bun.CryptoHasher("sha256").update(Buffer.from(relaxedBody(body), "latin1")).digest("base64");
      const bareLf = body.replace(/\r\n$/, "\n");
      expect(bodyHash(Buffer.from(bareLf, "latin1"), 0)).toBe(new Bun.CryptoHasher("sha256").update(Buffer.from(relaxedBody(bareLf), "latin1")).digest("base64"));
      expect(bodyHash(m, start)).toBe(reference);
    }
  });
  test("relaxed header", () => expect(relaxedHeader("Subject:  Hello \r\n\t there ")).toBe("subject:Hello there"));
});

const backends: [string, () => DkimBackend][] = [["webcrypto", () => new WebCryptoBackend()]];
if (openSslAvailable()) backends.push(["openssl workers", () => new WorkerBackend(2)]);

describe("signing, verified by mailauth", () => {
  for (const [name, make] of backends) {
    test(`RSA-2048 + Ed25519 dual signature (${name})`, async () => {
      const signer = new DkimSigner({ keysFor: () => [{ domain: "example.test", selector: "r1", algorithm: "rsa", privateKeyPem: rsaPem }, { domain: "example.test", selector: "e1", algorithm: "ed25519", privateKeyPem: edPem }] }, Date.now, make());
      const signed = await signer.sign(msg("Hello  world \r\n.leading dot\r\n\r\n"), "t", "example.test");
      expect(await verify(signed)).toEqual(["pass", "pass"]);
      const tampered = Buffer.from(signed.toString("latin1").replace("Hello  world", "Hello  w0rld"), "latin1");
      expect((await verify(tampered)).some((r) => r === "pass")).toBe(false);
      const added = Buffer.from(signed.toString("latin1").replace("Date:", "Subject: injected\r\nDate:"), "latin1");
      expect((await verify(added)).every((r) => r !== "pass")).toBe(true); // oversigned Subject
      signer.close();
    });
  }
  test("many concurrent signatures are all valid", async () => {
    const signer = new DkimSigner({ keysFor: () => [{ domain: "example.test", selector: "r1", algorithm: "rsa", privateKeyPem: rsaPem }] }, Date.now, backends[backends.length - 1]![1]());
    const signed = await Promise.all(Array.from({ length: 40 }, (_, i) => signer.sign(msg(`message ${i}\r\n`), "t", "example.test")));
    const results = await Promise.all(signed.map(verify));
    expect(results.every((r) => r[0] === "pass")).toBe(true);
    signer.close();
  });
  test("a key that does not parse gives a DkimKeyError naming domain and selector", async () => {
    const signer = new DkimSigner({ keysFor: () => [{ domain: "example.test", selector: "bad", algorithm: "rsa", privateKeyPem: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" }] }, Date.now);
    const err = await signer.sign(msg("x\r\n"), "t", "example.test").catch((e) => e);
    expect(err).toBeInstanceOf(DkimKeyError);
    expect(String(err.message)).toContain("example.test (selector bad)");
  });
  test("no keys: the message goes out unchanged", async () => {
    const signer = new DkimSigner({ keysFor: () => [] }, Date.now);
    const m = msg("x\r\n");
    expect(await signer.sign(m, "t", "example.test")).toEqual(m);
  });
});

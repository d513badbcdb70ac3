import { describe, expect, test } from "bun:test";
import { parseAddress } from "./address.ts";
import { prepareItem } from "./enqueue.ts";
import { prepareRaw } from "./message.ts";
import { resolveOptions, OptionsError } from "./options.ts";

const settings = resolveOptions({ spoolPath: ":memory:", ehlo: "mta.example.test", bounceDomain: "b.example.test", verpSecret: "v".repeat(32), signingKeys: { keysFor: () => [] }, events: { emit() {} } });
const ok = "From: a@example.test\r\nTo: b@other.test\r\nSubject: hi\r\n\r\nbody\r\n";
const item = (over: object) => ({ id: "m1", tenant: "t", from: "a@example.test", to: "b@other.test", raw: ok, ...over });

describe("addresses", () => {
  test("plain addresses pass, IDN domains become punycode", () => {
    expect(parseAddress("User.Name+tag@Example.TEST")).toMatchObject({ address: "User.Name+tag@example.test" });
    expect(parseAddress("a@bücher.example")).toMatchObject({ domain: "xn--bcher-kva.example" });
  });
  test("tricky and broken addresses are refused with a reason", () => {
    for (const bad of ["no-at", "a@", "@b.test", 'a"b@c.test', "user%other@c.test", "a@b", "a@-x.test", "a\r\nRCPT TO:<x@y.test>@c.test", "a b@c.test", "a..b@c.test", "x".repeat(65) + "@c.test"]) {
      expect(typeof parseAddress(bad)).toBe("string");
    }
  });
});

describe("raw messages", () => {
  test("LF, CR and CRLF line endings are normalized", () => {
    for (const raw of [ok, ok.replace(/\r\n/g, "\n"), ok.replace(/\r\n/g, "\r")]) expect(prepareRaw(raw, 1e6)).toEqual({ message: ok, eightBit: false });
    expect(prepareRaw(ok.replace("body", "bödy"), 1e6)).toMatchObject({ eightBit: true });
  });
  test("header injection (bare CR or LF inside a CRLF header) is refused", () => {
    const injected = "From: a@example.test\r\nSubject: hi\nBcc: victim@x.test\r\n\r\nbody";
    expect(prepareRaw(injected, 1e6)).toEqual({ error: expect.stringContaining("bare CR or LF") });
    expect(prepareRaw("From: a@x.test\r\nSubject: a\rb\r\n\r\n", 1e6)).toHaveProperty("error");
  });
  test("oversize, missing From, two Froms, non-field lines", () => {
    expect(prepareRaw(ok + "x".repeat(100), 50)).toEqual({ error: expect.stringContaining("over the 50-byte limit") });
    expect(prepareRaw("Subject: x\r\n\r\n", 1e6)).toEqual({ error: "message has no From header" });
    expect(prepareRaw("From: a@x.test\r\nFrom: b@x.test\r\n\r\n", 1e6)).toEqual({ error: "message has more than one From header" });
    expect(prepareRaw("From: a@x.test\r\nnot a header\r\n\r\n", 1e6)).toHaveProperty("error");
  });
});

describe("enqueue items", () => {
  test("a valid item becomes a spool row", () => {
    const r = prepareItem(item({ to: ["b@other.test", "B@OTHER.test", "c@other.test"] }), 0, settings, null, 1000);
    expect(r).toMatchObject({ id: "m1", pool: "transactional", rcpts: ["b@other.test", "B@other.test", "c@other.test"], expiresAt: 1000 + 4 * 86_400_000 });
  });
  const bad: [object, string][] = [
    [{ id: "" }, "id"],
    [{ tenant: "" }, "tenant"],
    [{ from: "not an address" }, "from"],
    [{ to: [] }, "to"],
    [{ to: ["ok@x.test", "bad address"] }, "to[1]"],
    [{ to: "a@x.test\r\nDATA" }, "to"],
    [{ raw: undefined }, "raw"],
    [{ recipe: { kind: "campaign" } }, "raw"],
    [{ raw: undefined, recipe: { nokind: true } }, "recipe"],
    [{ raw: "Subject: x\r\n\r\n" }, "raw"],
    [{ pool: "bulk" }, "pool"],
    [{ expiresAt: 5 }, "expiresAt"],
  ];
  for (const [over, field] of bad) {
    test(`rejects bad ${field}: ${JSON.stringify(over).slice(0, 50)}`, () => {
      const r = prepareItem(item(over), 3, settings, null, 1000);
      expect(r).toMatchObject({ index: 3, field });
      expect((r as { error: string }).error.length).toBeGreaterThan(3);
    });
  }
});

describe("options", () => {
  test("bad options name the field", () => {
    const base = { spoolPath: ":memory:", ehlo: "mta.example.test", bounceDomain: "b.example.test", verpSecret: "v".repeat(32), signingKeys: { keysFor: () => [] }, events: { emit() {} } };
    expect(() => resolveOptions({ ...base, ehlo: "localhost" })).toThrow(/ehlo/);
    expect(() => resolveOptions({ ...base, verpSecret: "short" })).toThrow(/verpSecret/);
    expect(() => resolveOptions({ ...base, egress: [{ ip: "nope", pools: ["campaign"] }] })).toThrow(/egress\[0\]\.ip/);
    expect(() => resolveOptions({ ...base, retry: { jitter: 2 } })).toThrow(OptionsError);
    expect(() => resolveOptions({ ...base, events: {} as never })).toThrow(/events/);
  });
});

import { expect, test } from "bun:test";
import { MtaSts, mxMatches, parseStsPolicy } from "./mta-sts.ts";
import type { Resolver } from "./types.ts";

const policyText = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: *.backup.example.test\r\nmax_age: 604800\r\n";

test("policy parsing and MX patterns (wildcard matches one label only)", () => {
  expect(parseStsPolicy(policyText)).toEqual({ mode: "enforce", mx: ["mx1.example.test", "*.backup.example.test"], maxAge: 604800 });
  expect(parseStsPolicy("version: STSv2\nmode: enforce")).toBeNull();
  expect(parseStsPolicy("version: STSv1\nmode: sometimes")).toBeNull();
  expect(mxMatches("*.backup.example.test", "a.backup.example.test")).toBe(true);
  expect(mxMatches("*.backup.example.test", "a.b.backup.example.test")).toBe(false);
  expect(mxMatches("mx1.example.test", "mx2.example.test")).toBe(false);
});

test("TXT id gates the HTTPS fetch; the policy is cached until the id changes; errors mean no policy", async () => {
  let id = "20260101";
  let fetches = 0;
  const resolver: Resolver = {
    mx: async () => [],
    a: async () => [],
    txt: async (name) => {
      if (name === "_mta-sts.example.test") return [[`v=STSv1; id=${id};`]];
      throw Object.assign(new Error("ENODATA"), { code: "ENODATA" });
    },
  };
  let t = 0;
  const sts = new MtaSts(resolver, async (url) => {
    fetches++;
    expect(url).toBe("https://mta-sts.example.test/.well-known/mta-sts.txt");
    return policyText;
  }, () => t);
  expect((await sts.policyFor("example.test"))?.mode).toBe("enforce");
  await sts.policyFor("example.test");
  expect(fetches).toBe(1);
  t += 604_800_001;
  id = "20260202";
  await sts.policyFor("example.test");
  expect(fetches).toBe(2);
  expect(await sts.policyFor("none.test")).toBeNull();
  const broken = new MtaSts(resolver, async () => { throw new Error("TLS handshake failed"); }, () => 0);
  expect(await broken.policyFor("example.test")).toBeNull();
});

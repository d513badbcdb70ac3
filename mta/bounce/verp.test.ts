import { expect, test } from "bun:test";
import { findVerp, parseVerp, verpAddress } from "./verp.ts";
import { inboundTarget } from "./inbound.ts";

const secret = "s".repeat(40);
const domains = ["bounces.example.test"];

test("VERP round trip for many ids; forged or foreign tokens refused", () => {
  for (const rid of [1, 35, 36, 1_000_000, 2 ** 40]) {
    const a = verpAddress(rid, domains[0]!, secret);
    expect(a).toMatch(/^bounce\+[0-9a-z]+\+[A-Za-z0-9_-]{12}@bounces\.example\.test$/);
    expect(parseVerp(a, secret, domains)).toBe(rid);
    expect(parseVerp(a, "t".repeat(40), domains)).toBeNull();
    expect(parseVerp(a.replace("@bounces.example.test", "@other.test"), secret, domains)).toBeNull();
  }
  const good = verpAddress(99, domains[0]!, secret);
  const forged = good.replace(/\+([0-9a-z]+)\+/, "+2s+"); // another id, same MAC
  expect(parseVerp(forged, secret, domains)).toBeNull();
  expect(findVerp(`Return-Path: <${good}>`, secret, domains)).toBe(99);
});

test("inbound accepts only our bounce and complaint addresses", () => {
  const deps = { bounceDomains: domains, verpSecret: secret };
  const good = verpAddress(7, domains[0]!, secret);
  expect(inboundTarget(good, deps, ["fbl"])).toEqual({ kind: "bounce", rid: 7 });
  expect(inboundTarget("fbl@bounces.example.test", deps, ["fbl"])).toEqual({ kind: "complaint" });
  for (const bad of ["someone@gmail.com", "user%other.test@bounces.example.test", '"@"@bounces.example.test', "fbl@other.test", "postmaster@bounces.example.test", `${good}.evil.test`, "bounce+7+AAAAAAAAAAAA@bounces.example.test", "@bounces.example.test", "user!other@bounces.example.test"]) {
    expect(inboundTarget(bad, deps, ["fbl"])).toBeNull();
  }
});

test("bounce domains the app adds at run time (one per sending domain) are accepted; others still refused", () => {
  const known = new Set(["bounce.shop.test"]);
  const deps = { bounceDomains: (d: string) => domains.includes(d) || known.has(d), verpSecret: secret };
  const onSendingDomain = verpAddress(12, "bounce.shop.test", secret);
  expect(inboundTarget(onSendingDomain, deps, ["fbl"])).toEqual({ kind: "bounce", rid: 12 });
  expect(parseVerp(onSendingDomain, secret, deps.bounceDomains)).toBe(12);
  expect(inboundTarget(verpAddress(12, "bounce.elsewhere.test", secret), deps, ["fbl"])).toBeNull();
  expect(inboundTarget("someone@bounce.shop.test", deps, ["fbl"])).toBeNull();
});

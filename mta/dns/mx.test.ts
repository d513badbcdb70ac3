import { describe, expect, test } from "bun:test";
import type { Resolver } from "../types.ts";
import { orderMx, resolveRoute } from "./mx.ts";
import { cachedResolver } from "./resolver.ts";

const err = (code: string) => Object.assign(new Error(code), { code });
function zone(mx: Record<string, { exchange: string; priority: number }[]>, a: Record<string, string[]>, nx: string[] = [], slow: string[] = []): Resolver & { calls: number } {
  const r = {
    calls: 0,
    async mx(d: string) {
      r.calls++;
      if (slow.includes(d)) throw err("ETIMEOUT");
      if (nx.includes(d)) throw err("ENOTFOUND");
      if (!mx[d]) throw err("ENODATA");
      return mx[d]!;
    },
    async a(h: string) {
      if (!a[h]) throw err("ENODATA");
      return a[h]!;
    },
    async txt() {
      throw err("ENODATA");
    },
  };
  return r;
}

describe("MX resolution", () => {
  const z = zone(
    { "multi.test": [{ exchange: "b.multi.test", priority: 20 }, { exchange: "a1.multi.test", priority: 10 }, { exchange: "a2.multi.test", priority: 10 }], "null.test": [{ exchange: "", priority: 0 }], "noaddr.test": [{ exchange: "ghost.noaddr.test", priority: 10 }] },
    { "a1.multi.test": ["127.0.0.11"], "a2.multi.test": ["127.0.0.12"], "b.multi.test": ["127.0.0.13"], "implicit.test": ["127.0.0.20"] },
    ["gone.test"],
    ["slow.test"],
  );
  test("preference order, equal preference shuffled", async () => {
    const seen = new Set<string>();
    let r = 0;
    for (const seq of [0.1, 0.9, 0.9, 0.1]) {
      const vals = [seq, 1 - seq, 0.5];
      r = 0;
      const route = await resolveRoute(z, "multi.test", () => vals[r++ % vals.length]!);
      if (route.kind !== "hosts") throw new Error(route.kind);
      expect(route.hosts[2]!.name).toBe("b.multi.test");
      seen.add(route.hosts[0]!.name);
    }
    expect(seen).toEqual(new Set(["a1.multi.test", "a2.multi.test"]));
  });
  test("implicit MX when the domain has only an A record", async () => {
    expect(await resolveRoute(z, "implicit.test")).toEqual({ kind: "hosts", hosts: [{ name: "implicit.test", priority: 0, addresses: ["127.0.0.20"] }] });
  });
  test("null MX, NXDOMAIN, no address, timeout", async () => {
    expect((await resolveRoute(z, "null.test")).kind).toBe("nullmx");
    expect((await resolveRoute(z, "gone.test")).kind).toBe("nxdomain");
    expect((await resolveRoute(z, "noaddr.test")).kind).toBe("temp");
    expect((await resolveRoute(z, "slow.test")).kind).toBe("temp");
    expect((await resolveRoute(z, "nothing.test")).kind).toBe("nxdomain");
  });
  test("orderMx is stable in preference", () => {
    expect(orderMx([{ priority: 30 }, { priority: 10 }, { priority: 20 }]).map((x) => x.priority)).toEqual([10, 20, 30]);
  });
  test("TTL cache keeps answers and NXDOMAIN, never timeouts", async () => {
    let t = 0;
    const inner = zone({ "c.test": [{ exchange: "mx.c.test", priority: 1 }] }, {}, ["nx.test"], ["slow.test"]);
    const c = cachedResolver(inner, () => t, { cacheTtlMs: 1000, negativeTtlMs: 500 });
    await c.mx("c.test");
    await c.mx("c.test");
    expect(inner.calls).toBe(1);
    t = 1001;
    await c.mx("c.test");
    expect(inner.calls).toBe(2);
    await c.mx("nx.test").catch(() => {});
    await c.mx("nx.test").catch(() => {});
    expect(inner.calls).toBe(3);
    await c.mx("slow.test").catch(() => {});
    await c.mx("slow.test").catch(() => {});
    expect(inner.calls).toBe(5);
  });
});

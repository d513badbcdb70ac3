import { expect, test } from "bun:test";
import { NumberSet } from "./number-set";

test("NumberSet keeps 53-bit numbers, grows, and answers like a Set", () => {
  const s = new NumberSet(4);
  const ref = new Set<number>();
  let x = 12345;
  for (let i = 0; i < 50_000; i++) {
    x = (x * 48271) % 2147483647;
    const n = x * 4194304 + (i % 7);
    expect(s.add(n)).toBe(!ref.has(n));
    ref.add(n);
  }
  expect(s.size).toBe(ref.size);
  expect(s.has(0) || s.add(0)).toBe(true);
  for (const n of [...ref].slice(0, 1000)) expect(s.has(n)).toBe(true);
  expect(s.has(3.5e15)).toBe(false);
});

import { expect, test } from "bun:test";
import { CLEAN_CRLF, toWire } from "./fast-connection.ts";

const wire = (s: string, clean = false) => {
  const b = Buffer.from(s, "latin1");
  if (clean) (b as Buffer & { [CLEAN_CRLF]?: boolean })[CLEAN_CRLF] = true;
  return toWire(b).toString("latin1");
};

test("dot-stuffing at line starts, including the first line", () => {
  expect(wire("a\r\n.b\r\n..c\r\nd.e\r\n", true)).toBe("a\r\n..b\r\n...c\r\nd.e\r\n");
  expect(wire(".start\r\n")).toBe("..start\r\n");
  expect(wire("no dots\r\n")).toBe("no dots\r\n");
});

test("bare CR and LF become CRLF before stuffing", () => {
  expect(wire("a\n.b\rc\r\n")).toBe("a\r\n..b\r\nc\r\n");
});

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseBounce } from "../index.ts";

const dir = join(import.meta.dir, "../fixtures/bounces");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<string, { type: string; recipients: object[] }>;
const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));

const endings = {
  lf: (s: string) => s.replace(/\r\n|\r/g, "\n"),
  crlf: (s: string) => s.replace(/\r\n|\r|\n/g, "\r\n"),
  cr: (s: string) => s.replace(/\r\n|\n/g, "\r"),
};

describe("parseBounce on real-world shapes", () => {
  test("every fixture has an expectation", () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
  for (const file of files) {
    for (const [name, convert] of Object.entries(endings)) {
      test(`${file} (${name})`, async () => {
        const raw = convert(readFileSync(join(dir, file), "latin1"));
        const r = await parseBounce(raw);
        const got: { type: string; recipients: object[] } = { type: r.type, recipients: r.recipients.map((x) => ({ address: x.address, class: x.class, reason: x.reason, enhancedStatus: x.enhancedStatus, replyCode: x.replyCode })) };
        expect(got).toEqual(expected[file]!);
      });
    }
  }
});

describe("parseBounce specifics", () => {
  test("keeps the VERP return path of the original exactly (case-sensitive MAC)", async () => {
    const r = await parseBounce(readFileSync(join(dir, "postfix-user-unknown.eml")));
    expect(r.originalReturnPath).toBe("bounce+3f+AbCdEfGhIjKl@bounces.sender.test");
    expect(r.originalMessageId).toBe("<n-2025-11.1234@sender.test>");
    expect(r.recipients[0]!.diagnostic).toContain("User unknown in virtual mailbox table");
  });
  test("ARF gives feedback type and source IP", async () => {
    const r = await parseBounce(readFileSync(join(dir, "arf-yahoo.eml")));
    expect([r.type, r.feedbackType, r.sourceIp]).toEqual(["arf", "abuse", "192.0.2.10"]);
  });
  test("garbage, empty and binary input give type none without throwing", async () => {
    for (const raw of ["", "\r\n\r\n", "not a message", "Content-Type: multipart/report; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\n", new Uint8Array([0, 255, 1, 2, 3])]) {
      const r = await parseBounce(raw);
      expect(Array.isArray(r.recipients)).toBe(true);
    }
  });
});

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigReference } from "../../scripts/readme-config";
import { COMMANDS } from "../main";

const readme = readFileSync(join(import.meta.dir, "..", "..", "README.md"), "utf8");

describe("README", () => {
  test("the configuration reference is the generated one (run scripts/readme-config.ts after changing settings)", () => {
    expect(readme).toBe(withConfigReference(readme));
  });

  test("documents every subcommand and keeps the two quick-start commands", () => {
    for (const c of COMMANDS) expect(readme).toContain(`owlat ${c.name}`);
    expect(readme).toContain("bun install && bun start");
    expect(readme).toMatch(/<!-- ci:test -->\n```sh\nbun run test/);
  });
});

// Regenerates the configuration reference in README.md from the config schema (`bun scripts/readme-config.ts`).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configDocs } from "../src/config/load";

export const START = "<!-- config:start -->";
export const END = "<!-- config:end -->";

export function withConfigReference(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error("README.md lacks the config markers");
  return readme.slice(0, a + START.length) + "\n" + configDocs() + "\n" + readme.slice(b);
}

if (import.meta.main) {
  const path = join(import.meta.dir, "..", "README.md");
  writeFileSync(path, withConfigReference(readFileSync(path, "utf8")));
  console.log("README.md configuration reference updated");
}

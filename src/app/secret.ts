import { existsSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes } from "../lib/crypto";

/** The instance secret: from config, else <dataDir>/secret.key, created (mode 600) on first start. */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const path = join(dataDir, "secret.key");
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8").trim();
    if (text.length >= 32) return text;
    throw new Error(`${path} holds no valid secret (expected at least 32 characters); restore it from a backup.`);
  }
  const secret = encodeHexLowerCase(randomBytes(32));
  writeFileSync(path, secret + "\n", { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

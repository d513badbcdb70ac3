import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding, decodeBase32IgnorePadding } from "@oslojs/encoding";
import { randomBytes, seal, unseal, sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { RECOVERY_CODE_COUNT } from "./model";

const PERIOD = 30;
const DIGITS = 6;
const SEAL_PURPOSE = "totp-key";

export function newTotpKey(): Uint8Array {
  return randomBytes(20);
}

export function totpUri(email: string, key: Uint8Array): string {
  return createTOTPKeyURI("Owlat", email, key, PERIOD, DIGITS);
}

export function totpSecretText(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}

export function sealTotpKey(secret: string, key: Uint8Array): string {
  return seal(secret, totpSecretText(key), SEAL_PURPOSE);
}

export function unsealTotpKey(secret: string, sealed: string): Uint8Array | null {
  const text = unseal(secret, sealed, SEAL_PURPOSE);
  return text ? decodeBase32IgnorePadding(text) : null;
}

/** Accepts the current code and the one just before or after (clock drift of ±30 s). */
export function verifyTotpCode(key: Uint8Array, code: string): boolean {
  const clean = code.replace(/\s+/g, "");
  return /^\d{6}$/.test(clean) && verifyTOTPWithGracePeriod(key, PERIOD, DIGITS, clean, PERIOD);
}

/** Ten one-time recovery codes like "k3f9-2mxq-p8ta"; only their hashes are stored. */
export function newRecoveryCodes(): { codes: string[]; rows: { id: string; codeHash: string }[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = newId(10).slice(0, 12);
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
  return { codes, rows: codes.map((c) => ({ id: newId(), codeHash: sha256Hex(normalizeRecoveryCode(c)) })) };
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

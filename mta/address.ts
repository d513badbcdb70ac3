import { domainToASCII } from "node:url";

const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uFFFF]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uFFFF]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lowercase ASCII (punycode) form of a domain, or null when it is not a valid host name. */
export function asciiDomain(domain: string): string | null {
  if (!domain || domain.length > 253 || /[\s\x00-\x1f]/.test(domain)) return null;
  const ascii = domainToASCII(domain.replace(/\.$/, "")).toLowerCase();
  if (!ascii) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  return ascii;
}

export interface ParsedAddress {
  local: string;
  domain: string;
  /** Normalized address: local part as given, domain in lowercase ASCII. */
  address: string;
  needsSmtpUtf8: boolean;
}

/**
 * Parse an envelope address (dot-atom local part only: quoted local parts, source routes,
 * `%` hacks and bang paths are refused on purpose). Returns an error string when invalid.
 */
export function parseAddress(input: unknown): ParsedAddress | string {
  if (typeof input !== "string") return "must be a string";
  if (/[\r\n\x00]/.test(input)) return "contains CR, LF or NUL";
  const value = input.trim();
  if (value.length > 254) return "longer than 254 characters";
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return `"${value}" is not an address (local@domain)`;
  const local = value.slice(0, at);
  if (local.length > 64) return "local part longer than 64 characters";
  if (local.includes("%") || !LOCAL_ATOM.test(local)) return `local part of "${value}" is not a plain dot-atom`;
  const domain = asciiDomain(value.slice(at + 1));
  if (!domain) return `domain of "${value}" is not a valid host name`;
  return { local, domain, address: `${local}@${domain}`, needsSmtpUtf8: /[\u0080-\uFFFF]/.test(local) };
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

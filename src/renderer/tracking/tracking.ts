import { timingSafeEqual } from "node:crypto";

/**
 * Owlat-compatible tracking URLs (api.md §5.1):
 *   open pixel  {base}/t/o/{sendId}
 *   click       {base}/t/c/{sendId}/{base64url(href)}/{base64url(HMAC-SHA256(secret, sendId + "." + encodedUrl))}
 * base64url without padding. The keyed HMAC state is computed once per Tracker and copied per link
 * (Bun.CryptoHasher), which keeps per-link signing to three native calls.
 */

const SEND_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ENCODED = /^[A-Za-z0-9_-]{1,10000}$/;

export interface TrackerOptions {
  /** origin (and optional path prefix) of the tracking host, e.g. "https://track.example.com" */
  baseUrl: string;
  /** HMAC key (the unsubscribe/tracking secret) */
  secret: string | Uint8Array;
}

/** Per-send signer: click URL prefix, pixel URL and the signature function for this send. */
export interface SendSigner {
  /** "{base}/t/c/{sendId}/" */
  readonly clickPrefix: string;
  readonly pixelUrl: string;
  sign(encodedUrl: string): string;
}

export function encodeUrlForTracking(href: string): string {
  return Buffer.from(href, "utf8").toString("base64url");
}

export class Tracker {
  readonly baseUrl: string;
  private readonly keyed: Bun.CryptoHasher;

  constructor(options: TrackerOptions) {
    const base = options.baseUrl.replace(/\/+$/, "");
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.test(base)) {
      throw new Error(`tracking baseUrl must be an http(s) origin with an optional plain path, got "${options.baseUrl}"`);
    }
    if (options.secret.length < 16) throw new Error("tracking secret must be at least 16 bytes");
    this.baseUrl = base;
    this.keyed = new Bun.CryptoHasher("sha256", options.secret);
  }

  forSend(sendId: string): SendSigner {
    assertSendId(sendId);
    const keyed = this.keyed;
    const prefix = sendId + ".";
    return {
      clickPrefix: `${this.baseUrl}/t/c/${sendId}/`,
      pixelUrl: `${this.baseUrl}/t/o/${sendId}`,
      sign: (encodedUrl: string) => keyed.copy().update(prefix + encodedUrl).digest("base64url"),
    };
  }

  clickUrl(sendId: string, href: string): string {
    const enc = encodeUrlForTracking(href);
    return `${this.baseUrl}/t/c/${sendId}/${enc}/${this.signature(sendId, enc)}`;
  }

  openPixelUrl(sendId: string): string {
    assertSendId(sendId);
    return `${this.baseUrl}/t/o/${sendId}`;
  }

  signature(sendId: string, encodedUrl: string): string {
    assertSendId(sendId);
    return this.keyed.copy().update(sendId + "." + encodedUrl).digest("base64url");
  }

  /** Constant-time check of a click signature. */
  verifyClick(sendId: string, encodedUrl: string, signature: string): boolean {
    if (!SEND_ID.test(sendId) || !ENCODED.test(encodedUrl) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return false;
    const expected = Buffer.from(this.signature(sendId, encodedUrl), "base64url");
    const given = Buffer.from(signature, "base64url");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * The destination of a click, or null when the signature is wrong or the decoded URL is not an
   * http(s) URL without credentials (the handler then redirects to "/").
   */
  resolveClick(sendId: string, encodedUrl: string, signature: string): string | null {
    if (!this.verifyClick(sendId, encodedUrl, signature)) return null;
    return decodeTrackedUrl(encodedUrl);
  }
}

/** Decodes the URL part of a click path; null unless it is an http(s) URL without user:password. */
export function decodeTrackedUrl(encodedUrl: string): string | null {
  if (!ENCODED.test(encodedUrl)) return null;
  const href = Buffer.from(encodedUrl, "base64url").toString("utf8");
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href;
}

function assertSendId(sendId: string): void {
  if (!SEND_ID.test(sendId)) throw new Error(`sendId must match ${SEND_ID} (got ${JSON.stringify(sendId.slice(0, 40))})`);
}

/** One-off helpers for callers that do not keep a Tracker. */
export function buildClickUrl(o: TrackerOptions & { sendId: string; href: string }): string {
  return new Tracker(o).clickUrl(o.sendId, o.href);
}

export function buildOpenPixelUrl(baseUrl: string, sendId: string): string {
  assertSendId(sendId);
  return `${baseUrl.replace(/\/+$/, "")}/t/o/${sendId}`;
}

export function verifyClickSignature(secret: string | Uint8Array, sendId: string, encodedUrl: string, signature: string): boolean {
  return new Tracker({ baseUrl: "http://localhost", secret }).verifyClick(sendId, encodedUrl, signature);
}

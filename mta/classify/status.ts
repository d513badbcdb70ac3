/**
 * Shared bounce classification for SMTP replies and DSN/ARF fields: the enhanced status
 * code decides first (RFC 3463), reply-text patterns only where the code says nothing specific.
 */

export type BounceClass = "hard" | "soft" | "block";

export type Reason =
  | "user_unknown"
  | "mailbox_disabled"
  | "mailbox_full"
  | "domain_not_found"
  | "null_mx"
  | "invalid_address"
  | "message_too_large"
  | "blocked"
  | "spam"
  | "policy"
  | "content"
  | "greylisted"
  | "rate_limited"
  | "too_many_recipients"
  | "connection"
  | "expired"
  | "other";

const BY_STATUS: [RegExp, Reason][] = [
  [/^\d\.1\.(1|6)$/, "user_unknown"],
  [/^\d\.1\.2$/, "domain_not_found"],
  [/^\d\.1\.10$/, "null_mx"],
  [/^\d\.1\.(3|7|8)$/, "invalid_address"],
  [/^\d\.2\.1$/, "mailbox_disabled"],
  [/^\d\.2\.2$/, "mailbox_full"],
  [/^\d\.(2\.3|3\.4)$/, "message_too_large"],
  [/^\d\.4\.7$/, "expired"],
  [/^\d\.4\.(1|2)$/, "connection"],
  [/^\d\.5\.3$/, "too_many_recipients"],
  [/^\d\.6\.\d+$/, "content"],
  [/^\d\.7\.(23|25|26|27|515|5\d\d)$/, "policy"],
  [/^\d\.7\.(28|0?31)$/, "rate_limited"],
  [/^\d\.7\.(7|29|30)$/, "policy"],
];

const BY_TEXT: [RegExp, Reason][] = [
  [/grey-?list|gray-?list|greylisted/i, "greylisted"],
  [/(mailbox|inbox|storage|disk|quota)[^.]{0,40}(full|exceeded|over)|over ?quota|quota exceeded|insufficient (system )?storage|mailbox is full|out of storage/i, "mailbox_full"],
  [/(user|recipient|mailbox|address|account)[^.]{0,30}(unknown|not found|does not exist|doesn't exist|no such|not exist|invalid|unavailable|not valid)|no such (user|recipient|mailbox|address)|unknown (user|recipient|local part)|user doesn't have a .* account|not our customer|address rejected|recipient rejected|undeliverable address|no mailbox here|bad destination mailbox/i, "user_unknown"],
  [/(account|mailbox)[^.]{0,20}(disabled|inactive|suspended|deactivated|closed|expired)/i, "mailbox_disabled"],
  [/host or domain name not found|domain (not found|does not exist)|no (mx|mail exchanger)|name service error|unrouteable|unroutable|nxdomain/i, "domain_not_found"],
  [/(message|mail)[^.]{0,20}(too (large|big)|size exceeds|exceeds[^.]{0,30}size)|size limit/i, "message_too_large"],
  [/spamhaus|barracuda|spamcop|sorbs|blacklist|blocklist|block list|black list|blocked using|listed (at|in|on)|\bRBL\b|dnsbl/i, "blocked"],
  [/spam|junk|bulk mail|phish|virus|malware|unsolicited|content (rejected|filter)|message content/i, "spam"],
  [/reputation|blocked|banned|denied/i, "blocked"],
  [/spf|dkim|dmarc|not authori[sz]ed|authentication|reverse dns|\bptr\b|rdns|helo|policy|relay(ing)? (denied|not permitted|access denied)/i, "policy"],
  [/too many recipients|recipient limit/i, "too_many_recipients"],
  [/rate limit|too many (messages|connections|mails|emails)|throttl|try (again )?later|temporarily (deferred|rejected|unavailable)|unusual rate|exceeded|resources? (temporarily )?unavailable|TS0\d|TSS0\d/i, "rate_limited"],
  [/timed? ?out|connection (refused|reset|closed|lost|dropped)|delivery (time|period) expired|retry timeout|giving up|could not be delivered within/i, "connection"],
];

const WORD_CODE = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

export function findEnhanced(text: string): string | null {
  const m = WORD_CODE.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

export function reasonFor(enhanced: string | null, text: string): Reason {
  // Microsoft answers 5.1.10 for "recipient not found"; RFC 7505 uses it for null MX.
  if (enhanced && /^\d\.1\.10$/.test(enhanced)) return /null ?mx|does not accept mail/i.test(text) ? "null_mx" : "user_unknown";
  if (enhanced && !/^\d\.0\.0$/.test(enhanced) && !/^\d\.7\.1$/.test(enhanced) && !/^\d\.7\.0$/.test(enhanced)) {
    for (const [re, reason] of BY_STATUS) if (re.test(enhanced)) return reason;
  }
  for (const [re, reason] of BY_TEXT) if (re.test(text)) return reason;
  if (enhanced && /^\d\.7\.\d+$/.test(enhanced)) return "blocked";
  if (enhanced) for (const [re, reason] of BY_STATUS) if (re.test(enhanced)) return reason;
  return "other";
}

const BLOCK_REASONS = new Set<Reason>(["blocked", "spam", "policy", "content"]);

/**
 * Class of a failure: anything temporary (4xx / 4.x.x) is soft — never a reason to suppress
 * (§9.6); mailbox full is soft even with a 5xx code; otherwise block reasons vs hard.
 */
export function classOf(permanent: boolean, reason: Reason): BounceClass {
  if (!permanent || reason === "mailbox_full" || reason === "greylisted" || reason === "rate_limited" || reason === "too_many_recipients") return "soft";
  return BLOCK_REASONS.has(reason) ? "block" : "hard";
}

export interface StatusVerdict {
  enhanced: string | null;
  permanent: boolean;
  class: BounceClass;
  reason: Reason;
}

/** Classify a reply code and/or enhanced status with its text. */
export function classifyStatus(replyCode: number | null, enhanced: string | null, text: string): StatusVerdict {
  const enh = enhanced ?? findEnhanced(text);
  const first = enh ? enh[0] : replyCode ? String(replyCode)[0] : null;
  const permanent = first === "5";
  const reason = reasonFor(enh, text);
  return { enhanced: enh, permanent, class: classOf(permanent, reason), reason };
}

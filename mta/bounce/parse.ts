import type { Email } from "postal-mime";
import { classifyStatus, findEnhanced } from "../classify/status.ts";
import { toBinaryString, toCrlf } from "../message.ts";
import { textRecipients, type TextHit } from "./text-shapes.ts";

export type BounceRecipientClass = "hard" | "soft" | "block" | "delayed" | "complaint";

export interface BounceRecipient {
  address: string;
  enhancedStatus: string | null;
  replyCode: number | null;
  class: BounceRecipientClass;
  reason: string;
  /** DSN Action (failed, delayed) or "complaint"; "failed" for text-only bounces. */
  action: string;
  diagnostic: string;
  remoteMta: string | null;
}

export interface BounceReport {
  type: "dsn" | "arf" | "text" | "none";
  recipients: BounceRecipient[];
  reportingMta: string | null;
  originalMessageId: string | null;
  /** Return-Path / envelope sender of the original message when the report carries it. */
  originalReturnPath: string | null;
  /** Every header block and text of the report, for VERP lookup by the caller. */
  searchText: string;
  feedbackType: string | null;
  sourceIp: string | null;
}

type Fields = Map<string, string>;

/** "Name: value" blocks separated by blank lines (continuations joined). */
export function fieldBlocks(text: string): Fields[] {
  const blocks: Fields[] = [];
  let cur: Fields = new Map();
  let lastKey = "";
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      if (cur.size) blocks.push(cur);
      cur = new Map();
      lastKey = "";
      continue;
    }
    if (/^[ \t]/.test(line) && lastKey) {
      cur.set(lastKey, `${cur.get(lastKey)} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (m) {
      lastKey = m[1]!.toLowerCase();
      if (!cur.has(lastKey)) cur.set(lastKey, m[2]!.trim());
    }
  }
  if (cur.size) blocks.push(cur);
  return blocks;
}

function typed(value: string | undefined): string {
  if (!value) return "";
  const i = value.indexOf(";");
  return (i >= 0 ? value.slice(i + 1) : value).trim();
}

function cleanAddress(value: string): string {
  return exactAddress(value).toLowerCase();
}

/** The address inside <...> as written (VERP tokens are case-sensitive). */
function exactAddress(value: string): string {
  const m = /<?([^<>\s"]+@[^<>\s"]+?)>?[.,;]?$/.exec(value.trim());
  return m ? m[1]! : value.trim();
}

function contentOf(content: ArrayBuffer | Uint8Array | string): string {
  if (typeof content === "string") return content;
  return new TextDecoder("utf-8").decode(content instanceof Uint8Array ? content : new Uint8Array(content));
}

function recipientFromDsn(f: Fields, reportingMta: string | null): BounceRecipient | null {
  const action = (f.get("action") ?? "").toLowerCase().split(/\s/)[0] ?? "";
  if (action !== "failed" && action !== "delayed") return null;
  const address = cleanAddress(typed(f.get("final-recipient") ?? f.get("original-recipient")));
  if (!address.includes("@")) return null;
  const diag = typed(f.get("diagnostic-code"));
  const codeMatch = /^(\d{3})\b/.exec(diag);
  const replyCode = codeMatch ? Number(codeMatch[1]) : null;
  const status = /([245]\.\d{1,3}\.\d{1,3})/.exec(f.get("status") ?? "")?.[1] ?? findEnhanced(diag);
  const v = classifyStatus(replyCode, status, diag || (f.get("status") ?? ""));
  const permanent = action === "failed" && (status ? status[0] === "5" : replyCode ? replyCode >= 500 : true);
  const cls = action === "delayed" ? "delayed" : permanent ? v.class : "soft";
  const reason = action === "failed" && status === "4.4.7" ? "expired" : v.reason;
  return { address, enhancedStatus: status, replyCode, class: cls, reason, action, diagnostic: diag.slice(0, 500), remoteMta: typed(f.get("remote-mta")) || reportingMta };
}

function fromText(hit: TextHit): BounceRecipient {
  const v = classifyStatus(hit.replyCode, hit.enhanced, hit.text);
  const permanent = hit.enhanced ? hit.enhanced[0] === "5" : hit.replyCode ? hit.replyCode >= 500 : v.reason !== "mailbox_full";
  return { address: hit.address, enhancedStatus: v.enhanced, replyCode: hit.replyCode, class: permanent ? v.class : "soft", reason: v.reason, action: "failed", diagnostic: hit.text.slice(0, 500), remoteMta: null };
}

function header(email: Email, name: string): string | null {
  return email.headers.find((h) => h.key === name)?.value ?? null;
}

function originalInfo(email: Email): { messageId: string | null; returnPath: string | null; text: string; headers: Fields } {
  const part = email.attachments.find((a) => /^(message\/(rfc822|global)|text\/rfc822-headers|message\/rfc822-headers)/i.test(a.mimeType));
  const text = part ? contentOf(part.content) : "";
  const headers = fieldBlocks(text.split(/\r?\n\r?\n/)[0] ?? "")[0] ?? new Map();
  const rp = headers.get("return-path") ?? null;
  return { messageId: headers.get("message-id") ?? null, returnPath: rp ? exactAddress(rp) : null, text, headers };
}

function parseArf(email: Email, fields: Fields, original: ReturnType<typeof originalInfo>): BounceRecipient[] {
  const type = (fields.get("feedback-type") ?? "abuse").toLowerCase();
  const candidates = [fields.get("original-rcpt-to"), fields.get("removed-recipient"), fields.get("original-recipient"), original.headers.get("x-hmxmroriginalrecipient"), original.headers.get("to")];
  const address = candidates.map((c) => (c ? cleanAddress(typed(c.includes(";") ? c : `x;${c}`)) : "")).find((a) => a.includes("@"));
  return address ? [{ address, enhancedStatus: null, replyCode: null, class: "complaint", reason: type, action: "complaint", diagnostic: `feedback-type ${type}`, remoteMta: fields.get("reporting-mta") ?? null }] : [];
}

function looksLikeBounce(email: Email): boolean {
  const from = (header(email, "from") ?? "").toLowerCase();
  const subject = (email.subject ?? "").toLowerCase();
  return /mailer-daemon|postmaster|mail delivery|mail administrator/.test(from) || /undeliver|delivery (status|failure|has failed)|failure notice|returned mail|delivery notification|could not be delivered|mail delivery failed/.test(subject) || header(email, "x-failed-recipients") !== null;
}

/**
 * Parse a bounce (RFC 3464 DSN, also text-only shapes from qmail, old Exim, Yahoo...) or a
 * complaint (RFC 5965 ARF). Pure: no I/O; async only because the MIME parser is.
 * Accepts LF, CR or CRLF line endings. Never throws on malformed input.
 */
export async function parseBounce(raw: string | Uint8Array): Promise<BounceReport> {
  const empty: BounceReport = { type: "none", recipients: [], reportingMta: null, originalMessageId: null, originalReturnPath: null, searchText: "", feedbackType: null, sourceIp: null };
  let email: Email;
  try {
    const bytes = Buffer.from(toCrlf(toBinaryString(raw)), "latin1");
    const { default: PostalMime } = await import("postal-mime");
    email = await PostalMime.parse(bytes, { rfc822Attachments: true, attachmentEncoding: "arraybuffer", maxNestingDepth: 50 });
  } catch {
    return empty;
  }
  const original = originalInfo(email);
  const base = { ...empty, originalMessageId: original.messageId, originalReturnPath: original.returnPath, searchText: `${original.text}\n${email.text ?? ""}` };
  const feedback = email.attachments.find((a) => /^message\/feedback-report/i.test(a.mimeType));
  if (feedback) {
    const fields = fieldBlocks(contentOf(feedback.content))[0] ?? new Map();
    return { ...base, type: "arf", recipients: parseArf(email, fields, original), feedbackType: (fields.get("feedback-type") ?? "abuse").toLowerCase(), sourceIp: fields.get("source-ip") ?? null, reportingMta: fields.get("reporting-mta") ?? null };
  }
  const status = email.attachments.find((a) => /^message\/(global-)?delivery-status/i.test(a.mimeType));
  if (status) {
    const [perMessage, ...perRcpt] = fieldBlocks(contentOf(status.content));
    const reportingMta = typed(perMessage?.get("reporting-mta")) || null;
    const blocks = perMessage?.has("final-recipient") ? [perMessage, ...perRcpt] : perRcpt;
    const recipients = blocks.map((b) => recipientFromDsn(b, reportingMta)).filter((r): r is BounceRecipient => r !== null);
    return { ...base, type: "dsn", recipients: enrichFromText(recipients, email.text ?? ""), reportingMta };
  }
  if (!looksLikeBounce(email)) return base;
  const failed = (header(email, "x-failed-recipients") ?? "").split(",").map((a) => cleanAddress(a)).filter((a) => a.includes("@"));
  const hits = textRecipients(email.text ?? email.html?.replace(/<[^>]+>/g, " ") ?? "", failed);
  return { ...base, type: hits.length ? "text" : "none", recipients: hits.map(fromText) };
}

/** A DSN without Diagnostic-Code: borrow the reply from the human-readable part. */
function enrichFromText(recipients: BounceRecipient[], text: string): BounceRecipient[] {
  if (!text) return recipients;
  return recipients.map((r) => {
    if (r.diagnostic) return r;
    const hit = textRecipients(text, [r.address]).find((h) => h.address === r.address);
    if (!hit) return r;
    const t = fromText(hit);
    return { ...r, replyCode: t.replyCode, diagnostic: t.diagnostic, reason: r.reason === "other" ? t.reason : r.reason };
  });
}

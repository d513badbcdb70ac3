/** Recipients and reasons from human-readable bounces that carry no DSN part (qmail, old Exim...). */

export interface TextHit {
  address: string;
  replyCode: number | null;
  enhanced: string | null;
  text: string;
}

const ADDR = "[^<>\\s\"'()]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
const QMAIL = new RegExp(`^<(${ADDR})>:?[ \\t]*\\n?([\\s\\S]*?)(?=\\n[ \\t]*\\n|\\n<${ADDR}>|$(?![\\s\\S]))`, "gm");
const EXIM = new RegExp(`^[ \\t]{2,}<?(${ADDR})>?[ \\t]*\\n((?:[ \\t]{3,}.*(?:\\n|$))+)`, "gm");
const CODE = /\b([45]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3}))?\b/;

function hit(address: string, text: string): TextHit {
  const flat = text.replace(/\s+/g, " ").trim();
  const m = CODE.exec(flat);
  const enhanced = m?.[2] ?? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(flat)?.[1] ?? null;
  return { address: address.toLowerCase(), replyCode: m ? Number(m[1]) : null, enhanced, text: flat };
}

function uniq(hits: TextHit[]): TextHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.address) && seen.add(h.address));
}

export function textRecipients(raw: string, known: string[]): TextHit[] {
  const text = raw.replace(/\r\n?/g, "\n");
  const shaped = [...text.matchAll(QMAIL)].map((m) => hit(m[1]!, m[2]!)).concat([...text.matchAll(EXIM)].map((m) => hit(m[1]!, m[2]!)));
  const relevant = shaped.filter((h) => h.text.length > 0 && (known.length === 0 || known.includes(h.address)));
  if (relevant.length) return uniq(relevant);
  if (known.length) return known.map((address) => hit(address, nearestReason(text, address)));
  const generic = new RegExp(`(${ADDR})[>:]?[^\\n]*?\\b([45]\\d\\d[ -][^\\n]+)`, "g");
  return uniq([...text.matchAll(generic)].map((m) => hit(m[1]!, m[2]!)));
}

/** The paragraph mentioning the address with an SMTP code, else the first line with a code. */
function nearestReason(text: string, address: string): string {
  const paragraphs = text.split(/\n[ \t]*\n/);
  const withAddr = paragraphs.find((p) => p.toLowerCase().includes(address) && CODE.test(p));
  if (withAddr) return withAddr;
  return paragraphs.find((p) => CODE.test(p)) ?? paragraphs.find((p) => p.toLowerCase().includes(address)) ?? "";
}

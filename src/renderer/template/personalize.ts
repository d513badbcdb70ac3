import { escapeHtml } from "../sanitize/escape.ts";
import { isHttpUrl, sanitizeUrl } from "../sanitize/url.ts";
import { encodeUrlForTracking, type SendSigner, type Tracker } from "../tracking/tracking.ts";
import type { CompiledEmail, CompiledLink } from "./compiled.ts";
import {
  SLOT_EACH, SLOT_IF, SLOT_IMAGE, SLOT_LINK, SLOT_PIXEL, SLOT_VAR, type Part, type VarSlot,
} from "./program.ts";
import { asArray, evaluateCondition, lookup, toText, type Recipient, type ScopeFrame } from "./values.ts";

export interface SendOptions {
  /** wrap trackable links in signed click URLs and add the open pixel */
  tracking?: { tracker: Tracker; sendId: string };
  /** called for every resolved link before tracking (per-recipient UTM, redirects…) */
  rewriteLink?: (url: string, link: CompiledLink) => string;
}

export interface PersonalizedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

interface State {
  r: Recipient;
  links: CompiledLink[];
  /** final URL per link cache slot */
  cache: (string | undefined)[];
  /** the same, HTML-escaped */
  escaped: (string | undefined)[];
  signer: SendSigner | null;
  rewrite: SendOptions["rewriteLink"] | undefined;
}

const NO_SCOPE: ScopeFrame[] = [];

/** The per-recipient step: substitution and link rewriting over the compiled parts; no HTML parsing. */
export function personalize(c: CompiledEmail, recipient: Recipient, send: SendOptions = {}): PersonalizedEmail {
  const st: State = {
    r: recipient ?? {},
    links: c.links,
    cache: new Array(send.rewriteLink ? c.links.length : c.linkSlots),
    escaped: new Array(send.rewriteLink ? c.links.length : c.linkSlots),
    signer: send.tracking ? send.tracking.tracker.forSend(send.tracking.sendId) : null,
    rewrite: send.rewriteLink,
  };
  return {
    subject: run(c.subject, st, NO_SCOPE),
    preheader: run(c.preheader, st, NO_SCOPE),
    html: run(c.html, st, NO_SCOPE),
    text: run(c.text, st, NO_SCOPE),
  };
}

/** Personalizes one template string part list (e.g. a subject compiled with compileTemplateString). */
export function runParts(parts: readonly Part[], recipient: Recipient): string {
  return run(parts, { r: recipient, links: [], cache: [], escaped: [], signer: null, rewrite: undefined }, NO_SCOPE);
}

/** Runs a program to one string. Pieces are collected and joined once: cheaper than growing a rope string. */
function run(parts: readonly Part[], st: State, scope: ScopeFrame[]): string {
  const out: string[] = [];
  emit(parts, st, scope, out);
  return out.join("");
}

function emit(parts: readonly Part[], st: State, scope: ScopeFrame[], out: string[]): void {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === "string") {
      out.push(p);
      continue;
    }
    switch (p.k) {
      case SLOT_VAR:
        out.push(varValue(p, st, scope));
        break;
      case SLOT_LINK:
        out.push(linkText(st.links[p.link]!, p.escape, st, scope));
        break;
      case SLOT_IMAGE: {
        const src = sanitizeUrl(run(p.src, st, scope), "image") ?? "";
        out.push(p.escape ? escapeHtml(src) : src);
        break;
      }
      case SLOT_IF:
        if (evaluateCondition(p.op, lookup(p.ref, st.r, scope), p.value)) emit(p.body, st, scope, out);
        break;
      case SLOT_EACH: {
        const items = asArray(lookup(p.ref, st.r, scope));
        const n = Math.min(items.length, p.max);
        for (let j = 0; j < n; j++) emit(p.body, st, [...scope, { item: items[j], index: j }], out);
        break;
      }
      case SLOT_PIXEL:
        if (st.signer) out.push(`<img src="${st.signer.pixelUrl}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;" />`);
        break;
    }
  }
}

function linkText(link: CompiledLink, escape: boolean, st: State, scope: ScopeFrame[]): string {
  if (link.scoped) {
    const url = linkUrl(link, st, scope);
    return escape ? escapeHtml(url) : url;
  }
  if (escape) return st.escaped[slotOf(link, st)] ?? escapedLinkUrl(link, st, scope);
  return st.cache[slotOf(link, st)] ?? linkUrl(link, st, scope);
}

function varValue(p: VarSlot, st: State, scope: ScopeFrame[]): string {
  let s = toText(lookup(p.ref, st.r, scope));
  if (s === "") s = p.fallback;
  if (p.urlEncode) s = encodeURIComponent(s);
  return p.escape ? escapeHtml(s) : s;
}

/** Links with the same static URL share a cache slot, unless a rewrite hook may treat them differently. */
function slotOf(link: CompiledLink, st: State): number {
  return st.rewrite ? link.index : link.cacheSlot;
}

/** Resolves a link for this recipient (variables, scheme check, rewrite hook, click tracking) and caches it. */
function linkUrl(link: CompiledLink, st: State, scope: ScopeFrame[]): string {
  let url: string;
  if (link.parts === null) url = link.url ?? "#";
  else {
    url = run(link.parts, st, scope).trim();
    if (link.checkScheme || url === "") url = sanitizeUrl(url, "link") ?? "#";
  }
  if (st.rewrite) url = sanitizeUrl(st.rewrite(url, link), "link") ?? "#";
  if (st.signer && link.trackable) {
    const wrapped = tracked(link, url, st.signer, st.rewrite !== undefined);
    // a click URL is built from a checked base, a checked sendId and base64url: nothing to escape
    if (wrapped !== url && !link.scoped) st.escaped[slotOf(link, st)] = wrapped;
    url = wrapped;
  }
  if (!link.scoped) st.cache[slotOf(link, st)] = url;
  return url;
}

function escapedLinkUrl(link: CompiledLink, st: State, scope: ScopeFrame[]): string {
  const slot = slotOf(link, st);
  const url = st.cache[slot] ?? linkUrl(link, st, scope);
  const known = st.escaped[slot];
  if (known !== undefined) return known;
  const escaped = url === link.url ? link.escapedUrl : escapeHtml(url);
  st.escaped[slot] = escaped;
  return escaped;
}

function tracked(link: CompiledLink, url: string, signer: SendSigner, rewritten: boolean): string {
  let enc = link.encoded;
  if (enc === null || rewritten) {
    if (!isHttpUrl(url) || url.includes("/t/c/")) return url;
    enc = encodeUrlForTracking(url);
  }
  return signer.clickPrefix + enc + "/" + signer.sign(enc);
}

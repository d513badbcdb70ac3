import type { Part } from "./program.ts";

/** One link of a compiled email, as the sender and reports see it. */
export interface CompiledLink {
  index: number;
  /** href as written in the document (after the compile-time linkTransform); may hold {{tags}} */
  href: string;
  /** link text as written (tags unresolved), e.g. "Read more" or "[image] Hero" */
  text: string;
  blockId: string;
  blockType: string;
  /**
   * false for mailto:/tel:/sms:/#/relative links, links marked noTrack / data-no-track and the system links
   * ({{unsubscribeUrl}}, {{preferencesUrl}}, {{viewInBrowserUrl}}); a dynamic link is also checked per
   * recipient (only a resolved http(s) URL is wrapped)
   */
  trackable: boolean;
  /** the href depends on recipient variables */
  dynamic: boolean;
  /** static sanitized URL; null when dynamic */
  url: string | null;
  /** HTML-escaped static URL ("#" when the URL was refused) */
  escapedUrl: string;
  /** base64url of the static URL, precomputed for click tracking; null when dynamic or not trackable */
  encoded: string | null;
  /** raw-text program producing the href when dynamic */
  parts: Part[] | null;
  /** depends on a repeat item, so it cannot be cached per recipient */
  scoped: boolean;
  /** a variable decides the scheme: the resolved URL is sanitized per recipient */
  checkScheme: boolean;
  /**
   * per-recipient cache slot of the final URL; static links with the same URL share a slot, so a URL
   * used by an image and a button is signed once per recipient
   */
  cacheSlot: number;
}

/** Output of compile(): everything per-recipient personalization needs, as plain JSON-safe data. */
export interface CompiledEmail {
  /** format version of this structure */
  format: 1;
  html: Part[];
  text: Part[];
  subject: Part[];
  preheader: Part[];
  links: CompiledLink[];
  /** number of distinct per-recipient link cache slots */
  linkSlots: number;
  /** variable names used anywhere (blocks, subject, preheader, conditions, repeats) */
  variables: string[];
  /** size of the static HTML in characters (before substitution) */
  staticHtmlLength: number;
}

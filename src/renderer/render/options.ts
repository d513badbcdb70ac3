/** Options of compile()/renderDocument() (RN-02). */
export interface RenderOptions {
  /** subject line; may hold {{tags}} (PV-05) */
  subject?: string;
  /** inbox preview text, hidden in the body; may hold {{tags}} */
  preheader?: string;
  /** <title>; defaults to the subject */
  title?: string;
  /** html lang attribute (default "en") */
  lang?: string;
  /** text direction (default "ltr") */
  dir?: "ltr" | "rtl";
  /** emit dark-mode CSS (prefers-color-scheme + Outlook.com selectors); default true */
  darkMode?: boolean;
  /** render the dark palette unconditionally — for the editor's dark preview toggle */
  previewDark?: boolean;
  /** mobile breakpoint in px (default 480) */
  breakpoint?: number;
  /** extra CSS placed in <style> after sanitizing */
  customCss?: string;
  /** web-font stylesheet URLs (https only), hidden from Outlook */
  fontUrls?: string[];
  /** compile-time link rewrite (e.g. UTM parameters); gets the href as written, tags included */
  linkTransform?: (url: string, info: { blockType: string; blockId: string }) => string;
  /** base URL under which social icons are served as {assetBaseUrl}/social/{platform}-{filled|outline}.png */
  assetBaseUrl?: string;
  /** mandatory footer with the sender's physical address and unsubscribe/preferences links (ED-07) */
  footer?: FooterOptions;
  /** add a "view in browser" line at the top, linking {{viewInBrowserUrl}} (shown only when the recipient has one) */
  viewInBrowser?: boolean | { text?: string };
  /** where to place the open pixel when sending with tracking (default true) */
  trackingPixel?: boolean;
  /** TE-06: the author's own plain-text body (may hold tags) instead of the generated one */
  plainTextOverride?: string;
}

export interface FooterOptions {
  /** physical postal address (CAN-SPAM); may hold tags */
  address: string;
  organizationName?: string;
  unsubscribeText?: string;
  /** shown as a second link when set */
  preferencesText?: string;
  textColor?: string;
}

export interface ResolvedOptions {
  subject: string;
  preheader: string;
  title: string;
  lang: string;
  dir: "ltr" | "rtl";
  darkMode: boolean;
  previewDark: boolean;
  breakpoint: number;
  customCss: string;
  fontUrls: string[];
  linkTransform: RenderOptions["linkTransform"];
  assetBaseUrl: string;
  footer: FooterOptions | undefined;
  viewInBrowserText: string | undefined;
  trackingPixel: boolean;
  plainTextOverride: string | undefined;
}

const LANG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

export function resolveOptions(o: RenderOptions = {}): ResolvedOptions {
  const view = o.viewInBrowser;
  return {
    subject: o.subject ?? "",
    preheader: o.preheader ?? "",
    title: o.title ?? o.subject ?? "",
    lang: o.lang && LANG.test(o.lang) ? o.lang : "en",
    dir: o.dir === "rtl" ? "rtl" : "ltr",
    darkMode: o.darkMode !== false,
    previewDark: o.previewDark === true,
    breakpoint: Math.min(Math.max(Math.round(o.breakpoint ?? 480), 320), 800),
    customCss: o.customCss ?? "",
    fontUrls: o.fontUrls ?? [],
    linkTransform: o.linkTransform,
    assetBaseUrl: (o.assetBaseUrl ?? "").replace(/\/+$/, ""),
    footer: o.footer,
    viewInBrowserText: view ? (typeof view === "object" && view.text) || "View in browser" : undefined,
    trackingPixel: o.trackingPixel !== false,
    plainTextOverride: o.plainTextOverride?.trim() ? o.plainTextOverride : undefined,
  };
}

import type { Theme } from "../model/theme.ts";
import { sanitizeStylesheet } from "../sanitize/css.ts";
import type { ResolvedOptions } from "./options.ts";
import { cssColor } from "./styles.ts";

/**
 * Collects the CSS that cannot be inlined: responsive rules (inside the max-width media query) and
 * dark-mode rules (prefers-color-scheme, plus Outlook.com's [data-ogsc]/[data-ogsb] variants).
 */
export class CssRegistry {
  private readonly mobile = new Set<string>();
  private readonly dark: string[] = [];
  private readonly outlookDark: string[] = [];
  private readonly global = new Set<string>();

  constructor(private readonly theme: Theme, private readonly options: ResolvedOptions) {}

  addMobile(rule: string): void {
    this.mobile.add(rule);
  }

  /** ED-10: the two opt-in entrance animations (Apple Mail/iOS; reduced motion switches them off). */
  addAnimations(): void {
    this.global.add(
      "@keyframes owlat-fade-in{from{opacity:0}to{opacity:1}}@keyframes owlat-slide-up{from{opacity:0;transform:translateY(16px)}to{opacity:1;transform:none}}" +
        ".owlat-animate-fade-in{animation:owlat-fade-in .6s ease-out both}.owlat-animate-slide-up{animation:owlat-slide-up .6s ease-out both}",
    );
  }

  addGlobal(rule: string): void {
    this.global.add(rule);
  }

  /** Per-block dark override (ED-09) for the element carrying `cls`. */
  addDarkOverride(cls: string, bg: string | undefined, text: string | undefined): void {
    if (bg) {
      this.dark.push(`.${cls}{background-color:${cssColor(bg)}!important;background-image:none!important}`);
      this.outlookDark.push(`[data-ogsb] .${cls}{background-color:${cssColor(bg)}!important}`);
    }
    if (text) {
      this.dark.push(`.${cls},.${cls} p,.${cls} span,.${cls} td,.${cls} a{color:${cssColor(text)}!important}`);
      this.outlookDark.push(`[data-ogsc] .${cls},[data-ogsc] .${cls} *{color:${cssColor(text)}!important}`);
    }
  }

  private baseCss(): string {
    return (
      "body{margin:0;padding:0;width:100%!important;-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%}" +
      "table,td{border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt}" +
      "img{border:0;outline:none;text-decoration:none;-ms-interpolation-mode:bicubic}" +
      "p{margin:0}a[x-apple-data-detectors]{color:inherit!important;text-decoration:none!important}" +
      "#MessageViewBody a{color:inherit;text-decoration:none}u+#body a{color:inherit;text-decoration:none}"
    );
  }

  private mobileCss(): string {
    const rules =
      ".o-wrap{width:100%!important}" +
      ".o-col{display:block!important;width:100%!important;max-width:100%!important}" +
      ".o-hm{display:none!important;max-height:0!important;overflow:hidden!important;mso-hide:all!important}" +
      ".o-hd{display:block!important;max-height:none!important;overflow:visible!important}" +
      ".o-fluid{width:100%!important;max-width:100%!important;height:auto!important}" +
      ".o-full{width:100%!important}" +
      [...this.mobile].join("");
    return `@media only screen and (max-width:${this.options.breakpoint}px){${rules}}`;
  }

  private darkRules(): string {
    const d = this.theme.dark;
    return (
      `.o-body{background-color:${d.backgroundColor}!important}` +
      `.o-content{background-color:${d.contentBackgroundColor}!important}` +
      `.o-t,.o-t p,.o-t li,.o-t span,.o-t td,.o-t th,.o-t caption{color:${d.textColor}!important}` +
      `.o-t .o-surface{background-color:${d.surfaceColor}!important}` +
      `.o-t a{color:${d.linkColor}!important}` +
      ".o-dark-img{display:block!important;max-height:none!important;overflow:visible!important}" +
      ".o-light-img{display:none!important;max-height:0!important;overflow:hidden!important}" +
      this.dark.join("")
    );
  }

  private outlookDarkRules(): string {
    const d = this.theme.dark;
    return (
      `[data-ogsb] .o-body{background-color:${d.backgroundColor}!important}` +
      `[data-ogsb] .o-content{background-color:${d.contentBackgroundColor}!important}` +
      `[data-ogsc] .o-t{color:${d.textColor}!important}` +
      `[data-ogsb] .o-t .o-surface{background-color:${d.surfaceColor}!important}` +
      this.outlookDark.join("")
    );
  }

  /** The complete <style> body. */
  styleSheet(): string {
    let css = ":root{color-scheme:light dark;supported-color-schemes:light dark}" + this.baseCss() + [...this.global].join("");
    css += this.mobileCss();
    if (this.options.darkMode || this.options.previewDark) {
      css += `@media (prefers-color-scheme:dark){${this.darkRules()}}` + this.outlookDarkRules();
      if (this.options.previewDark) css += this.darkRules();
    }
    css += "@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}";
    if (this.options.customCss) css += sanitizeStylesheet(this.options.customCss);
    return css;
  }
}

import type { BorderValue, FontWeightValue, GradientValue, SpacingValue } from "../model/common.ts";

/** Small CSS/VML string helpers; inputs are schema-validated (colours, numbers), so no escaping is needed. */

/** "#rrggbbaa" → "rgba(…)" for CSS; other colours unchanged. */
export function cssColor(c: string): string {
  if (c.length !== 9) return c;
  const n = (i: number) => parseInt(c.slice(i, i + 2), 16);
  return `rgba(${n(1)},${n(3)},${n(5)},${(n(7) / 255).toFixed(2)})`;
}

/** Opaque "#rrggbb" for HTML attributes and VML (drops alpha, expands #rgb). */
export function solidColor(c: string): string {
  if (c === "transparent") return "#ffffff";
  if (c.length === 4) return "#" + c[1] + c[1] + c[2] + c[2] + c[3] + c[3];
  return c.slice(0, 7);
}

export function padding(p: SpacingValue): string {
  if (p.top === p.bottom && p.left === p.right) return p.top === p.left ? `padding:${p.top}px;` : `padding:${p.top}px ${p.left}px;`;
  return `padding:${p.top}px ${p.right}px ${p.bottom}px ${p.left}px;`;
}

export function border(b: BorderValue | undefined): string {
  if (!b || b.style === "none" || b.width === 0) return "";
  return `border:${b.width}px ${b.style} ${cssColor(b.color)};`;
}

export function borderWidth(b: BorderValue | undefined): number {
  return !b || b.style === "none" ? 0 : b.width;
}

export function fontWeight(w: FontWeightValue | undefined): string {
  return w === undefined ? "" : `font-weight:${w};`;
}

export function gradientCss(g: GradientValue): string {
  const stops = g.stops.map((s) => `${cssColor(s.color)} ${s.position}%`).join(",");
  return `background-image:linear-gradient(${g.angle}deg,${stops});`;
}

/** VML fill for Outlook: VML angles run clockwise from "left to right" = 90 in CSS. */
export function vmlGradientFill(g: GradientValue): string {
  const first = solidColor(g.stops[0]!.color);
  const last = solidColor(g.stops[g.stops.length - 1]!.color);
  const angle = (g.angle + 270) % 360;
  return `<v:fill type="gradient" color="${first}" color2="${last}" angle="${angle}" />`;
}

export function px(n: number): string {
  return `${Math.round(n)}px`;
}

export const TABLE_ATTRS = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

/** Font stacks may contain double quotes; inside style="…" they become single quotes. */
export function fontFamily(f: string): string {
  return `font-family:${f.replace(/"/g, "'")};`;
}

export function letterSpacing(n: number | undefined): string {
  return n === undefined ? "" : `letter-spacing:${n}px;`;
}

export function textTransform(v: string | undefined): string {
  return v && v !== "none" ? `text-transform:${v};` : "";
}

/** A sanitized static URL made safe for CSS url('…') inside a style attribute. */
export function cssUrl(url: string): string {
  return url.replace(/['"()\\\s<>&]/g, (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}

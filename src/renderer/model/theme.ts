import { Type, type Static } from "@sinclair/typebox";
import { Color, FontFamily, FontWeight, Px, Spacing } from "./common.ts";

/** Organization email theme (TH-01) with the renderer-only extended tokens (TH-04). */

const HeadingStyle = Type.Object(
  {
    fontSize: Px(96, 8),
    fontWeight: FontWeight,
    lineHeight: Type.Number({ minimum: 0.8, maximum: 4 }),
    color: Type.Optional(Color),
  },
  { additionalProperties: false },
);

export const ThemeSchema = Type.Object(
  {
    primaryColor: Color,
    backgroundColor: Color,
    contentBackgroundColor: Color,
    fontFamily: FontFamily,
    headingFontFamily: FontFamily,
    width: Type.Integer({ minimum: 400, maximum: 800 }),
    textColor: Color,
    fontSize: Px(48, 8),
    lineHeight: Type.Number({ minimum: 0.8, maximum: 4 }),
    linkColor: Color,
    borderRadius: Px(100),
    blockPadding: Spacing,
    button: Type.Object(
      {
        backgroundColor: Type.Optional(Color),
        textColor: Color,
        borderRadius: Px(100),
        fontSize: Px(72, 8),
        fontWeight: FontWeight,
        paddingX: Px(100),
        paddingY: Px(60),
      },
      { additionalProperties: false },
    ),
    headings: Type.Object({ h1: HeadingStyle, h2: HeadingStyle, h3: HeadingStyle }, { additionalProperties: false }),
    dark: Type.Object(
      { backgroundColor: Color, contentBackgroundColor: Color, textColor: Color, linkColor: Color, surfaceColor: Color },
      { additionalProperties: false },
    ),
    /** per block type default options, shallow-merged under the block's own (block wins) */
    blockDefaults: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export type Theme = Static<typeof ThemeSchema>;

/** Deep-partial input accepted by resolveTheme. */
export type ThemeInput = Partial<Omit<Theme, "button" | "headings" | "dark" | "blockPadding">> & {
  button?: Partial<Theme["button"]>;
  headings?: { h1?: Partial<Theme["headings"]["h1"]>; h2?: Partial<Theme["headings"]["h2"]>; h3?: Partial<Theme["headings"]["h3"]> };
  dark?: Partial<Theme["dark"]>;
  blockPadding?: Theme["blockPadding"];
};

export const DEFAULT_THEME: Theme = {
  primaryColor: "#c4785a",
  backgroundColor: "#ffffff",
  contentBackgroundColor: "#ffffff",
  fontFamily: "Arial, sans-serif",
  headingFontFamily: "Arial, sans-serif",
  width: 600,
  textColor: "#27272a",
  fontSize: 16,
  lineHeight: 1.5,
  linkColor: "#c4785a",
  borderRadius: 6,
  blockPadding: { top: 12, right: 24, bottom: 12, left: 24 },
  button: { textColor: "#ffffff", borderRadius: 6, fontSize: 16, fontWeight: "bold", paddingX: 24, paddingY: 12 },
  headings: {
    h1: { fontSize: 32, fontWeight: "bold", lineHeight: 1.25 },
    h2: { fontSize: 24, fontWeight: "bold", lineHeight: 1.3 },
    h3: { fontSize: 20, fontWeight: "bold", lineHeight: 1.35 },
  },
  dark: { backgroundColor: "#121212", contentBackgroundColor: "#1e1e1e", textColor: "#e4e4e7", linkColor: "#93c5fd", surfaceColor: "#2a2a2e" },
  blockDefaults: {},
};

import { TypeCompiler } from "@sinclair/typebox/compiler";
import { InvalidDocumentError, type DocumentError } from "./errors.ts";

/** Merges a partial theme over the defaults and checks it; throws InvalidDocumentError naming the field. */
export function resolveTheme(input: ThemeInput = {}): Theme {
  const d = DEFAULT_THEME;
  const theme: Theme = {
    ...d,
    ...input,
    button: { ...d.button, ...input.button },
    headings: {
      h1: { ...d.headings.h1, ...input.headings?.h1 },
      h2: { ...d.headings.h2, ...input.headings?.h2 },
      h3: { ...d.headings.h3, ...input.headings?.h3 },
    },
    dark: { ...d.dark, ...input.dark },
    blockPadding: input.blockPadding ?? d.blockPadding,
    blockDefaults: input.blockDefaults ?? d.blockDefaults,
  };
  if (input.primaryColor && !input.linkColor) theme.linkColor = input.primaryColor;
  const errors = themeErrors(theme);
  if (errors.length) throw new InvalidDocumentError(errors);
  return theme;
}

let themeCheck: ReturnType<typeof TypeCompiler.Compile<typeof ThemeSchema>> | undefined;

export function themeErrors(theme: unknown): DocumentError[] {
  themeCheck ??= TypeCompiler.Compile(ThemeSchema);
  if (themeCheck.Check(theme)) return [];
  const out: DocumentError[] = [];
  for (const e of themeCheck.Errors(theme)) {
    const field = e.path.replace(/^\//, "");
    out.push({ code: "INVALID_THEME", path: "theme", field, message: `theme field ${field || "(root)"}: ${e.message}` });
    if (out.length >= 20) break;
  }
  return out;
}

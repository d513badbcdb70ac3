import { Type, type Static } from "@sinclair/typebox";

/** Shared schema pieces for the block document (BL-00). */

export const Color = Type.String({
  pattern: "^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|transparent)$",
  description: "hex colour (#rgb, #rrggbb, #rrggbbaa) or transparent",
});

export const Px = (max = 400, min = 0) => Type.Integer({ minimum: min, maximum: max });

export const FontFamily = Type.String({ pattern: "^[A-Za-z0-9 ,'\"-]{1,200}$" });

export const FontWeight = Type.Union([
  Type.Literal("normal"),
  Type.Literal("bold"),
  Type.Integer({ minimum: 100, maximum: 900, multipleOf: 100 }),
]);

export const Align = Type.Union([Type.Literal("left"), Type.Literal("center"), Type.Literal("right")]);
export const VerticalAlign = Type.Union([Type.Literal("top"), Type.Literal("middle"), Type.Literal("bottom")]);
export const TextTransform = Type.Union([
  Type.Literal("none"),
  Type.Literal("uppercase"),
  Type.Literal("lowercase"),
  Type.Literal("capitalize"),
]);
export const BorderStyle = Type.Union([
  Type.Literal("solid"),
  Type.Literal("dashed"),
  Type.Literal("dotted"),
  Type.Literal("none"),
]);

/** A string that may hold `{{variable}}` tags; capped so a pasted novel cannot bloat every send. */
export const Content = (maxLength = 2000) => Type.String({ maxLength });
/** A URL field (may hold variables); schemes are checked by the validator and again at render time. */
export const UrlField = Type.String({ maxLength: 2048 });

export const Spacing = Type.Object(
  { top: Px(), right: Px(), bottom: Px(), left: Px() },
  { additionalProperties: false },
);

export const Border = Type.Object(
  { width: Px(20), color: Color, style: BorderStyle },
  { additionalProperties: false },
);

export const Gradient = Type.Object(
  {
    angle: Type.Integer({ minimum: 0, maximum: 360, description: "CSS angle in degrees; 180 = top to bottom" }),
    stops: Type.Array(
      Type.Object({ color: Color, position: Type.Integer({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }),
      { minItems: 2, maxItems: 5 },
    ),
  },
  { additionalProperties: false },
);

export const VARIABLE_NAME_PATTERN = "^(\\$index|[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*)$";
export const VariableName = Type.String({ pattern: VARIABLE_NAME_PATTERN, maxLength: 200 });

export const Condition = Type.Object(
  {
    variable: VariableName,
    operator: Type.Union([
      Type.Literal("exists"),
      Type.Literal("notExists"),
      Type.Literal("equals"),
      Type.Literal("notEquals"),
      Type.Literal("contains"),
    ]),
    value: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const Repeat = Type.Object(
  {
    variable: VariableName,
    alias: Type.Optional(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", maxLength: 40 })),
    maxItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const BlockId = Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" });

export const DarkOverride = Type.Object(
  { backgroundColor: Type.Optional(Color), textColor: Type.Optional(Color) },
  { additionalProperties: false },
);

/** Fields every block may carry (condition/repeat included); rawHtml and spacer take subsets. */
export const visibilityFields = {
  id: BlockId,
  padding: Type.Optional(Spacing),
  paddingLinked: Type.Optional(Type.Boolean({ description: "editor state: edit the four sides together" })),
  margin: Type.Optional(Spacing),
  hideOnMobile: Type.Optional(Type.Boolean()),
  hideOnDesktop: Type.Optional(Type.Boolean()),
  cssClass: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_ -]{0,100}$" })),
  condition: Type.Optional(Condition),
  repeat: Type.Optional(Repeat),
  /** SB-02: this block is a linked instance of a saved block (metadata for the editor; not rendered) */
  savedBlock: Type.Optional(
    Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  ),
};

export const styleFields = {
  backgroundColor: Type.Optional(Color),
  border: Type.Optional(Border),
  borderRadius: Type.Optional(Px(200)),
  dark: Type.Optional(DarkOverride),
};

export const commonFields = { ...visibilityFields, ...styleFields, fullWidth: Type.Optional(Type.Boolean()) };

export type ColorValue = Static<typeof Color>;
export type SpacingValue = Static<typeof Spacing>;
export type BorderValue = Static<typeof Border>;
export type GradientValue = Static<typeof Gradient>;
export type ConditionValue = Static<typeof Condition>;
export type RepeatValue = Static<typeof Repeat>;
export type AlignValue = Static<typeof Align>;
export type FontWeightValue = Static<typeof FontWeight>;

import { Type, type Static, type TObject, type TProperties } from "@sinclair/typebox";
import {
  Align, Border, Color, Content, FontFamily, FontWeight, Gradient, Px, Spacing, TextTransform,
  UrlField, VerticalAlign, commonFields, styleFields, visibilityFields,
} from "./common.ts";

/**
 * The 17 block types (BL-01…BL-17). Each schema is "shallow": nested children are checked by the
 * document validator one block at a time (so errors name the child block and deep nesting cannot
 * overflow the stack); the TypeScript types below give the children their real types.
 */

const Children = (max: number) => Type.Array(Type.Unknown(), { maxItems: max });
const lit = <T extends string>(v: T) => Type.Literal(v);
const opt = Type.Optional;

export const TextFields = {
  html: Type.String({ maxLength: 100_000, description: "sanitized rich text; may hold {{variables}}" }),
  blockType: opt(Type.Union([lit("paragraph"), lit("h1"), lit("h2"), lit("h3")])),
  fontSize: opt(Px(96, 8)),
  mobileFontSize: opt(Px(96, 8)),
  textColor: opt(Color),
  textAlign: opt(Type.Union([lit("left"), lit("center"), lit("right"), lit("justify")])),
  lineHeight: opt(Type.Number({ minimum: 0.8, maximum: 4 })),
  fontWeight: opt(FontWeight),
  letterSpacing: opt(Type.Number({ minimum: -5, maximum: 50 })),
  textTransform: opt(TextTransform),
  textDecoration: opt(Type.Union([lit("none"), lit("underline"), lit("line-through")])),
  fontFamily: opt(FontFamily),
};

export const ImageFields = {
  src: UrlField,
  alt: opt(Content(500)),
  width: opt(Px(2000, 1)),
  height: opt(Px(4000, 1)),
  align: opt(Align),
  decorative: opt(Type.Boolean()),
  linkUrl: opt(UrlField),
  title: opt(Content(500)),
  fluidOnMobile: opt(Type.Boolean()),
  srcset: opt(Type.String({ maxLength: 4000 })),
  sizes: opt(Type.String({ pattern: "^[A-Za-z0-9 ().,:%-]{0,300}$" })),
  darkSrc: opt(UrlField),
  mediaId: opt(Type.String({ maxLength: 100 })),
  darkMediaId: opt(Type.String({ maxLength: 100 })),
};

export const ButtonFields = {
  text: Content(300),
  url: UrlField,
  backgroundColor: opt(Color),
  textColor: opt(Color),
  align: opt(Type.Union([lit("left"), lit("center"), lit("right"), lit("full")])),
  borderRadius: opt(Px(100)),
  paddingX: opt(Px(100)),
  paddingY: opt(Px(60)),
  fontSize: opt(Px(72, 8)),
  fontFamily: opt(FontFamily),
  fontWeight: opt(FontWeight),
  letterSpacing: opt(Type.Number({ minimum: -5, maximum: 50 })),
  textTransform: opt(TextTransform),
  buttonBorder: opt(Border),
  buttonWidth: opt(Type.Union([Px(800, 20), Type.String({ pattern: "^(100|[1-9][0-9]?)%$" })])),
  target: opt(Type.Union([lit("_blank"), lit("_self")])),
  backgroundGradient: opt(Gradient),
  blockBackgroundColor: opt(Color),
  noTrack: opt(Type.Boolean({ description: "never wrap this link for click tracking" })),
};

export const DividerFields = {
  color: opt(Color),
  thickness: opt(Px(20, 1)),
  width: opt(Type.Integer({ minimum: 1, maximum: 100, description: "percent of the block width" })),
  style: opt(Type.Union([lit("solid"), lit("dashed"), lit("dotted")])),
  align: opt(Align),
};

export const SpacerFields = { height: Px(400, 1) };

export const ColumnFields = {
  blocks: Children(20),
  backgroundColor: opt(Color),
  padding: opt(Spacing),
  verticalAlign: opt(VerticalAlign),
  border: opt(Border),
  borderRadius: opt(Px(200)),
  backgroundImage: opt(UrlField),
  backgroundPosition: opt(Type.Union([lit("top"), lit("center"), lit("bottom")])),
  backgroundSize: opt(Type.Union([lit("cover"), lit("contain"), lit("auto")])),
  stackOnMobile: opt(Type.Boolean()),
};
export const ColumnSchema = Type.Object(ColumnFields, { additionalProperties: false });

export const ColumnsFields = {
  columns: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 4 }),
  ratio: opt(Type.Union([lit("equal"), lit("left-wide"), lit("right-wide"), lit("left-narrow"), lit("right-narrow")])),
  mobileStacking: opt(Type.Boolean()),
  verticalAlign: opt(VerticalAlign),
  columnGap: opt(Px(100)),
  direction: opt(Type.Union([lit("ltr"), lit("rtl")])),
  mobileStackOrder: opt(Type.Union([lit("normal"), lit("reverse")])),
};

const BackgroundImageFields = {
  backgroundImage: opt(UrlField),
  backgroundPosition: opt(Type.Union([lit("top"), lit("center"), lit("bottom")])),
  backgroundSize: opt(Type.Union([lit("cover"), lit("contain"), lit("auto")])),
};

export const ContainerFields = {
  items: Children(50),
  maxWidth: opt(Px(800, 100)),
  ...BackgroundImageFields,
  gradient: opt(Gradient),
};

export const HeroFields = {
  items: Children(20),
  ...BackgroundImageFields,
  height: opt(Px(1200, 50)),
  mode: opt(Type.Union([lit("fixed-height"), lit("fluid-height")])),
  verticalAlign: opt(VerticalAlign),
  overlayColor: opt(Color),
  gradient: opt(Gradient),
};

export const TableCell = Type.Union([
  Content(2000),
  Type.Object(
    {
      text: Content(2000),
      colSpan: opt(Type.Integer({ minimum: 1, maximum: 20 })),
      rowSpan: opt(Type.Integer({ minimum: 1, maximum: 200 })),
      align: opt(Align),
      backgroundColor: opt(Color),
      fontWeight: opt(FontWeight),
    },
    { additionalProperties: false },
  ),
]);

export const TableFields = {
  headers: opt(Type.Array(Content(500), { maxItems: 20 })),
  rows: Type.Array(Type.Array(TableCell, { maxItems: 20 }), { maxItems: 500 }),
  footer: opt(Type.Array(TableCell, { maxItems: 20 })),
  caption: opt(Content(500)),
  headerBackgroundColor: opt(Color),
  headerTextColor: opt(Color),
  textColor: opt(Color),
  borderColor: opt(Color),
  striped: opt(Type.Boolean()),
  stripeColor: opt(Color),
  cellPadding: opt(Px(40)),
  fontSize: opt(Px(48, 8)),
  textAlign: opt(Align),
  columnWidths: opt(Type.Array(Type.Integer({ minimum: 1, maximum: 100 }), { maxItems: 20 })),
  columnAlign: opt(Type.Array(Align, { maxItems: 20 })),
  responsive: opt(Type.Union([lit("default"), lit("stack"), lit("scroll"), lit("hide-columns")])),
  hiddenColumns: opt(Type.Array(Type.Integer({ minimum: 0, maximum: 19 }), { maxItems: 20 })),
};

export const RawHtmlFields = { html: Type.String({ maxLength: 200_000 }) };

export const VideoFields = {
  thumbnailUrl: UrlField,
  videoUrl: UrlField,
  alt: opt(Content(500)),
  width: opt(Px(2000, 50)),
  align: opt(Align),
  playButtonColor: opt(Color),
  playButtonSize: opt(Px(120, 24)),
};

export const AccordionFields = {
  sections: Type.Array(
    Type.Object({ title: Content(300), items: Children(20) }, { additionalProperties: false }),
    { minItems: 1, maxItems: 20 },
  ),
  allowMultiple: opt(Type.Boolean()),
  initiallyExpanded: opt(Type.Integer({ minimum: -1, maximum: 19 })),
  headerBackgroundColor: opt(Color),
  headerTextColor: opt(Color),
  headerFontSize: opt(Px(48, 8)),
  contentBackgroundColor: opt(Color),
  iconColor: opt(Color),
  sectionBorderColor: opt(Color),
};

export const MenuFields = {
  items: Type.Array(
    Type.Object(
      { label: Content(200), url: UrlField, noTrack: opt(Type.Boolean()) },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 20 },
  ),
  align: opt(Align),
  fontSize: opt(Px(48, 8)),
  fontFamily: opt(FontFamily),
  fontWeight: opt(FontWeight),
  textColor: opt(Color),
  textTransform: opt(TextTransform),
  itemSpacing: opt(Px(100)),
  separator: opt(Type.String({ maxLength: 5 })),
  separatorColor: opt(Color),
  hamburgerOnMobile: opt(Type.Boolean()),
};

export const CarouselFields = {
  images: Type.Array(
    Type.Object(
      { src: UrlField, alt: opt(Content(500)), linkUrl: opt(UrlField), thumbnailSrc: opt(UrlField) },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 10 },
  ),
  navIconWidth: opt(Px(80, 8)),
  navColor: opt(Color),
  navActiveColor: opt(Color),
  thumbnailWidth: opt(Px(200, 20)),
};

export const ListFields = {
  items: Type.Array(Content(2000), { minItems: 1, maxItems: 100 }),
  listType: opt(Type.Union([lit("bullet"), lit("numbered"), lit("check"), lit("icon")])),
  bulletColor: opt(Color),
  bulletSize: opt(Px(48, 4)),
  iconUrl: opt(UrlField),
  fontSize: opt(Px(48, 8)),
  textColor: opt(Color),
  itemSpacing: opt(Px(60)),
  lineHeight: opt(Type.Number({ minimum: 0.8, maximum: 4 })),
};

export const ProgressBarFields = {
  value: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  maxValue: opt(Type.Number({ minimum: 1, maximum: 1_000_000 })),
  barColor: opt(Color),
  trackColor: opt(Color),
  height: opt(Px(60, 2)),
  barRadius: opt(Px(30)),
  showLabel: opt(Type.Boolean()),
  labelPosition: opt(Type.Union([lit("inside"), lit("right")])),
  labelColor: opt(Color),
  labelFontSize: opt(Px(36, 8)),
};

export const SOCIAL_PLATFORMS = [
  "x", "facebook", "instagram", "linkedin", "youtube", "tiktok", "github", "whatsapp", "telegram",
  "threads", "pinterest", "discord", "mastodon", "bluesky", "vimeo", "medium", "snapchat",
] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

export const SocialFields = {
  links: Type.Array(
    Type.Object(
      {
        platform: Type.Union(SOCIAL_PLATFORMS.map((p) => lit(p))),
        url: UrlField,
        enabled: opt(Type.Boolean()),
        iconUrl: opt(UrlField),
        label: opt(Content(100)),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 20 },
  ),
  iconStyle: opt(Type.Union([lit("filled"), lit("outline")])),
  align: opt(Align),
  iconSize: opt(Px(64, 16)),
  iconSpacing: opt(Px(40)),
  iconColor: opt(Color),
  layout: opt(Type.Union([lit("horizontal"), lit("vertical")])),
  showLabels: opt(Type.Boolean()),
};

const spacerCommon = { ...visibilityFields, ...styleFields };
const { backgroundColor: _bg, ...buttonCommon } = commonFields;

function block<T extends string, C extends TProperties, F extends TProperties>(type: T, common: C, fields: F) {
  return Type.Object({ type: Type.Literal(type), ...common, ...fields }, { additionalProperties: false });
}

export const BLOCK_SCHEMAS = {
  text: block("text", commonFields, TextFields),
  image: block("image", commonFields, ImageFields),
  button: block("button", buttonCommon, ButtonFields),
  divider: block("divider", commonFields, DividerFields),
  spacer: block("spacer", spacerCommon, SpacerFields),
  columns: block("columns", commonFields, ColumnsFields),
  container: block("container", commonFields, ContainerFields),
  hero: block("hero", commonFields, HeroFields),
  table: block("table", commonFields, TableFields),
  rawHtml: block("rawHtml", visibilityFields, RawHtmlFields),
  video: block("video", commonFields, VideoFields),
  accordion: block("accordion", commonFields, AccordionFields),
  menu: block("menu", commonFields, MenuFields),
  carousel: block("carousel", commonFields, CarouselFields),
  list: block("list", commonFields, ListFields),
  progressBar: block("progressBar", commonFields, ProgressBarFields),
  social: block("social", commonFields, SocialFields),
} satisfies Record<string, TObject>;

export type BlockType = keyof typeof BLOCK_SCHEMAS;
export const BLOCK_TYPES = Object.keys(BLOCK_SCHEMAS) as BlockType[];

/** Which block types may sit inside which parent (ED-01/BL-06/BL-07). */
export const LEAF_TYPES: readonly BlockType[] = ["text", "image", "button", "divider", "spacer"];
export const COLUMN_CHILD_TYPES = LEAF_TYPES;
export const HERO_CHILD_TYPES = LEAF_TYPES;
export const ACCORDION_CHILD_TYPES = LEAF_TYPES;
export const CONTAINER_CHILD_TYPES: readonly BlockType[] = [...LEAF_TYPES, "columns", "social", "container"];

type Shallow<T extends BlockType> = Static<(typeof BLOCK_SCHEMAS)[T]>;
export type TextBlock = Shallow<"text">;
export type ImageBlock = Shallow<"image">;
export type ButtonBlock = Shallow<"button">;
export type DividerBlock = Shallow<"divider">;
export type SpacerBlock = Shallow<"spacer">;
export type LeafBlock = TextBlock | ImageBlock | ButtonBlock | DividerBlock | SpacerBlock;
export type Column = Omit<Static<typeof ColumnSchema>, "blocks"> & { blocks: LeafBlock[] };
export type ColumnsBlock = Omit<Shallow<"columns">, "columns"> & { columns: Column[] };
export type ContainerBlock = Omit<Shallow<"container">, "items"> & { items: ContainerChild[] };
export type ContainerChild = LeafBlock | ColumnsBlock | SocialBlock | ContainerBlock;
export type HeroBlock = Omit<Shallow<"hero">, "items"> & { items: LeafBlock[] };
export type TableBlock = Shallow<"table">;
export type TableCellValue = Static<typeof TableCell>;
export type RawHtmlBlock = Shallow<"rawHtml">;
export type VideoBlock = Shallow<"video">;
export type AccordionSection = { title: string; items: LeafBlock[] };
export type AccordionBlock = Omit<Shallow<"accordion">, "sections"> & { sections: AccordionSection[] };
export type MenuBlock = Shallow<"menu">;
export type CarouselBlock = Shallow<"carousel">;
export type ListBlock = Shallow<"list">;
export type ProgressBarBlock = Shallow<"progressBar">;
export type SocialBlock = Shallow<"social">;

export type Block =
  | TextBlock | ImageBlock | ButtonBlock | DividerBlock | SpacerBlock | ColumnsBlock | ContainerBlock
  | HeroBlock | TableBlock | RawHtmlBlock | VideoBlock | AccordionBlock | MenuBlock | CarouselBlock
  | ListBlock | ProgressBarBlock | SocialBlock;

export type BlockOfType<T extends BlockType> = Extract<Block, { type: T }>;

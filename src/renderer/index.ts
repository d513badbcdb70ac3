/**
 * Owlat email content engine: block documents → email HTML + plain text, compiled once and
 * personalized per recipient. Pure: no HTTP, no database. See README.md for the contract.
 */
import { compile } from "./render/compile.ts";
import type { RenderOptions } from "./render/options.ts";
import type { ThemeInput } from "./model/theme.ts";
import { personalize, type PersonalizedEmail } from "./template/personalize.ts";
import type { Recipient } from "./template/values.ts";

// document model
export {
  BLOCK_SCHEMAS, BLOCK_TYPES, SOCIAL_PLATFORMS, LEAF_TYPES, COLUMN_CHILD_TYPES, CONTAINER_CHILD_TYPES,
  HERO_CHILD_TYPES, ACCORDION_CHILD_TYPES, ColumnSchema,
} from "./model/blocks.ts";
export type * from "./model/blocks.ts";
export { BLOCK_CATALOG, createBlock, type BlockCatalogEntry } from "./model/catalog.ts";
export { childBlocks, forEachBlock, mapBlocks, type BlockPlace } from "./model/traverse.ts";
export { DOCUMENT_VERSION, DOCUMENT_LIMITS, DocumentEnvelopeSchema, type EmailDocument } from "./model/document.ts";
export { InvalidDocumentError, type DocumentError, type DocumentErrorCode } from "./model/errors.ts";
export { DEFAULT_THEME, ThemeSchema, resolveTheme, themeErrors, type Theme, type ThemeInput } from "./model/theme.ts";
export type { ConditionValue, RepeatValue, GradientValue, SpacingValue, BorderValue } from "./model/common.ts";

// validation
export { validateDocument, type ValidateOptions, type ValidationResult } from "./validate/document.ts";
export { findTagProblems, parseTemplate, type Tag, type TagProblem } from "./template/tags.ts";

// compile once, personalize many
export { compile, compileTemplateString } from "./render/compile.ts";
export type { RenderOptions, FooterOptions } from "./render/options.ts";
export type { CompiledEmail, CompiledLink } from "./template/compiled.ts";
export { personalize, runParts, type PersonalizedEmail, type SendOptions } from "./template/personalize.ts";
export type { Recipient } from "./template/values.ts";
export { SYSTEM_URL_VARIABLES, type Part, type Slot } from "./template/program.ts";

// tracking (api.md §5.1)
export {
  Tracker, buildClickUrl, buildOpenPixelUrl, decodeTrackedUrl, encodeUrlForTracking, verifyClickSignature,
  type SendSigner, type TrackerOptions,
} from "./tracking/tracking.ts";

// sanitizers (RN-14)
export { escapeHtml, escapeAttr } from "./sanitize/escape.ts";
export { sanitizeUrl, type UrlKind } from "./sanitize/url.ts";
export { sanitizeCss, sanitizeStylesheet } from "./sanitize/css.ts";
export { sanitizeRawHtml, RAW_HTML_POLICY, RICH_TEXT_POLICY } from "./sanitize/html.ts";

// analysis, starters, variables
export { analyzeEmail, type AnalysisReport, type AnalysisIssue, type AnalyzeInput } from "./analyze/analyze.ts";
export { STARTER_TEMPLATES, getStarterTemplate, type StarterTemplate } from "./starters/starters.ts";
export { extractVariables, type VariableUsage } from "./variables.ts";
export { applyTranslations, translatableFields, type TranslatableField } from "./translations.ts";

/** Preview/one-off render: compile + personalize with one (sample) recipient. */
export function renderDocument(
  doc: unknown,
  theme: ThemeInput = {},
  options: RenderOptions = {},
  recipient: Recipient = {},
): PersonalizedEmail {
  return personalize(compile(doc, theme, options), recipient);
}

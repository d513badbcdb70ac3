import { invalid } from "../../lib/errors";
import type { CompiledEmail, DocumentError, EmailDocument, ThemeInput } from "../../renderer/index";

export type TemplateKind = "marketing" | "transactional";
export const TEMPLATE_KINDS: TemplateKind[] = ["marketing", "transactional"];
export type TemplateStatus = "draft" | "published";

export interface EmailTemplate {
  id: string;
  kind: TemplateKind;
  name: string;
  slug: string | null;
  subject: string;
  preheader: string;
  document: EmailDocument;
  plainTextOverride: string | null;
  status: TemplateStatus;
  defaultLanguage: string;
  languages: string[];
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
}

export interface TemplateSummary {
  id: string;
  kind: TemplateKind;
  name: string;
  slug: string | null;
  subject: string;
  status: TemplateStatus;
  updatedAt: number;
}

export interface TemplateVersion {
  id: string;
  reason: "save" | "publish" | "send";
  subject: string;
  createdAt: number;
  createdBy: string | null;
}

/** What the campaign sender and transactional sends get: compiled once per template × language. */
export interface CompiledTemplate {
  templateId: string;
  language: string;
  compiled: CompiledEmail;
  subject: string;
  preheader: string;
}

/** Thrown content problems name the block and field (from the renderer's validation). */
export interface TemplateProblem {
  field: string;
  message: string;
  blockId?: string;
  blockType?: string;
  path?: string;
}

export const toProblems = (errors: DocumentError[]): TemplateProblem[] =>
  errors.map((e) => ({ field: e.field ?? "document", message: e.message, blockId: e.blockId, blockType: e.blockType, path: e.path }));

export const THEME_SETTING = "email.theme";
export type { ThemeInput };

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
export function checkLanguage(raw: unknown, field = "language"): string {
  const s = typeof raw === "string" ? raw.trim() : "";
  if (!LANG.test(s)) throw invalid(field, `"${s.slice(0, 20)}" is not a language code like en, de or pt-BR.`);
  return s;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export function checkSlug(raw: unknown): string {
  const s = typeof raw === "string" ? raw.trim() : "";
  if (!SLUG.test(s)) throw invalid("slug", "Slug must be 1–64 lowercase letters, digits or dashes (e.g. password-reset).");
  return s;
}

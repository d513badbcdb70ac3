import type { Clock } from "../../lib/time";
import { AppError, invalid } from "../../lib/errors";
import { newId } from "../../lib/ids";
import {
  applyTranslations, compile, getStarterTemplate, resolveTheme, translatableFields, validateDocument, InvalidDocumentError,
  DOCUMENT_VERSION, type EmailDocument, type FooterOptions, type RenderOptions, type ThemeInput,
} from "../../renderer/index";
import type { AuditService } from "../audit/service";
import type { SettingsService } from "../settings/service";
import { requirePermission, type TenantContext } from "../context";
import {
  THEME_SETTING, checkLanguage, checkSlug, toProblems,
  type CompiledTemplate, type EmailTemplate, type TemplateKind, type TemplateSummary, type TemplateVersion,
} from "./model";
import * as q from "./queries";

type Ctx = Pick<TenantContext, "org" | "db">;

export interface TemplatesDeps {
  clock: Clock;
  audit: AuditService;
  settings: SettingsService;
}

const NAME_MAX = 120;
const SUBJECT_MAX = 300;

function emptyDocument(): EmailDocument {
  return { version: DOCUMENT_VERSION, blocks: [] };
}

/**
 * Email templates (TE-01…TE-07): marketing and transactional kinds, starters, draft/published,
 * duplicate, versions on save/publish/send, plain-text override, translations, the organization theme,
 * and compilation for sending through the renderer.
 */
export function createTemplatesService(deps: TemplatesDeps) {
  const { clock, audit } = deps;

  const toTemplate = (ctx: Ctx, row: q.TemplateRow): EmailTemplate => ({
    id: row.id, kind: row.kind, name: row.name, slug: row.slug, subject: row.subject, preheader: row.preheader,
    document: row.document as EmailDocument, plainTextOverride: row.plainTextOverride, status: row.status,
    defaultLanguage: row.defaultLanguage, languages: q.translationsOf(ctx.db, row.id).map((t) => t.language).sort(),
    createdAt: row.createdAt, updatedAt: row.updatedAt, publishedAt: row.publishedAt,
  });
  const rowOrThrow = (ctx: Ctx, id: string) => {
    const row = q.findTemplate(ctx.db, id);
    if (!row) throw new AppError("NOT_FOUND", "No such template.");
    return row;
  };
  const record = (ctx: TenantContext, action: string, row: Pick<q.TemplateRow, "id" | "name" | "kind">, details?: Record<string, unknown>) =>
    audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: row.kind === "transactional" ? "transactional_email" : "email_template", resourceId: row.id, details: { name: row.name, ...details } });
  const snapshot = (ctx: TenantContext | (Ctx & { actor?: { userId: string | null } }), row: q.TemplateRow, reason: "save" | "publish" | "send") =>
    q.insertVersion(ctx.db, { id: newId(), templateId: row.id, reason, subject: row.subject, preheader: row.preheader, document: row.document, createdAt: clock.now(), createdBy: ctx.actor?.userId ?? null });

  /** Validates a document; errors name the block and the field. */
  function checkDocument(raw: unknown): EmailDocument {
    const result = validateDocument(raw);
    if (!result.ok) {
      const problems = toProblems(result.errors);
      const first = problems[0]!;
      throw new AppError("INVALID_INPUT", `${first.blockType ? `Block "${first.blockId}" (${first.blockType}): ` : ""}${first.message}`, { field: first.field, problems });
    }
    return result.document;
  }

  function checkText(raw: unknown, field: string, max: number, required = false): string {
    if (raw !== undefined && typeof raw !== "string") throw invalid(field, `${field} must be text.`);
    const s = (raw ?? "").trim();
    if (required && !s) throw invalid(field, `${field === "name" ? "Name" : field} is required.`);
    if (s.length > max) throw invalid(field, `${field} must be at most ${max} characters.`);
    return s;
  }

  const service = {
    list: (ctx: Ctx, f: { kind?: TemplateKind; search?: string } = {}): TemplateSummary[] => q.listTemplates(ctx.db, { kind: f.kind, search: f.search?.trim().slice(0, 100) }),
    get: (ctx: Ctx, id: string): EmailTemplate => toTemplate(ctx, rowOrThrow(ctx, id)),
    bySlug: (ctx: Ctx, slug: string): EmailTemplate | null => {
      const row = q.findBySlug(ctx.db, slug);
      return row ? toTemplate(ctx, row) : null;
    },
    count: (ctx: Ctx) => q.countTemplates(ctx.db),
    usesUrl: (ctx: Pick<TenantContext, "db">, url: string) => q.countUsingUrl(ctx.db, url),
    versions: (ctx: Ctx, id: string): TemplateVersion[] => q.versionsOf(ctx.db, rowOrThrow(ctx, id).id, 50),

    /** A new template, empty or from a starter (TE-02). */
    create(ctx: TenantContext, input: { kind: unknown; name: unknown; starter?: unknown; slug?: unknown }): EmailTemplate {
      requirePermission(ctx, "templates:manage");
      if (input.kind !== "marketing" && input.kind !== "transactional") throw invalid("kind", "Kind must be marketing or transactional.");
      const name = checkText(input.name, "name", NAME_MAX, true);
      const starter = input.starter ? getStarterTemplate(String(input.starter) as never) : null;
      if (input.starter && !starter) throw invalid("starter", `Unknown starter "${String(input.starter)}".`);
      let slug: string | null = null;
      if (input.kind === "transactional") {
        slug = checkSlug(input.slug ?? name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""));
        if (q.findBySlug(ctx.db, slug)) throw new AppError("ALREADY_EXISTS", `A transactional email with slug "${slug}" exists.`, { field: "slug" });
      }
      const now = clock.now();
      const row = {
        id: newId(), kind: input.kind as TemplateKind, name, slug, subject: starter?.subject ?? "", preheader: starter?.preheader ?? "",
        document: starter?.document ?? emptyDocument(), status: "draft" as const, createdAt: now, updatedAt: now, createdBy: ctx.actor.userId, updatedBy: ctx.actor.userId,
      };
      q.insertTemplate(ctx.db, row);
      record(ctx, row.kind === "transactional" ? "transactional_email.created" : "email_template.created", row, { starter: starter?.id });
      return service.get(ctx, row.id);
    },

    /** Saves edits; the document is validated and a version is captured (TE-05). */
    update(ctx: TenantContext, id: string, input: { name?: unknown; subject?: unknown; preheader?: unknown; document?: unknown; plainTextOverride?: unknown; defaultLanguage?: unknown; slug?: unknown }): EmailTemplate {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      const patch: Partial<q.TemplateRow> = { updatedAt: clock.now(), updatedBy: ctx.actor.userId };
      if (input.name !== undefined) patch.name = checkText(input.name, "name", NAME_MAX, true);
      if (input.subject !== undefined) patch.subject = checkText(input.subject, "subject", SUBJECT_MAX);
      if (input.preheader !== undefined) patch.preheader = checkText(input.preheader, "preheader", SUBJECT_MAX);
      if (input.document !== undefined) patch.document = checkDocument(input.document);
      if (input.plainTextOverride !== undefined) patch.plainTextOverride = input.plainTextOverride === null || input.plainTextOverride === "" ? null : checkText(input.plainTextOverride, "plainTextOverride", 200_000);
      if (input.defaultLanguage !== undefined) patch.defaultLanguage = checkLanguage(input.defaultLanguage, "defaultLanguage");
      if (input.slug !== undefined && row.kind === "transactional") {
        const slug = checkSlug(input.slug);
        const other = q.findBySlug(ctx.db, slug);
        if (other && other.id !== id) throw new AppError("ALREADY_EXISTS", `A transactional email with slug "${slug}" exists.`, { field: "slug" });
        patch.slug = slug;
      }
      q.updateTemplate(ctx.db, id, patch);
      const saved = rowOrThrow(ctx, id);
      snapshot(ctx, saved, "save");
      record(ctx, saved.kind === "transactional" ? "transactional_email.updated" : "email_template.updated", saved);
      return toTemplate(ctx, saved);
    },

    setStatus(ctx: TenantContext, id: string, status: "draft" | "published"): EmailTemplate {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      if (status === "published") checkDocument(row.document);
      q.updateTemplate(ctx.db, id, { status, publishedAt: status === "published" ? clock.now() : row.publishedAt, updatedAt: clock.now() });
      const saved = rowOrThrow(ctx, id);
      if (status === "published") snapshot(ctx, saved, "publish");
      record(ctx, `${saved.kind === "transactional" ? "transactional_email" : "email_template"}.${status === "published" ? "published" : "unpublished"}`, saved);
      return toTemplate(ctx, saved);
    },

    duplicate(ctx: TenantContext, id: string): EmailTemplate {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      const now = clock.now();
      let slug: string | null = null;
      if (row.slug) for (let i = 2; !slug || q.findBySlug(ctx.db, slug); i++) slug = `${row.slug.slice(0, 58)}-copy${i > 2 ? `-${i - 1}` : ""}`;
      const copy = { ...row, id: newId(), name: `${row.name} (Copy)`.slice(0, NAME_MAX), slug, status: "draft" as const, createdAt: now, updatedAt: now, publishedAt: null, createdBy: ctx.actor.userId, updatedBy: ctx.actor.userId };
      q.insertTemplate(ctx.db, copy);
      for (const t of q.translationsOf(ctx.db, id)) q.putTranslation(ctx.db, copy.id, t.language, t.values, now);
      record(ctx, row.kind === "transactional" ? "transactional_email.duplicated" : "email_template.duplicated", copy, { from: row.id });
      return service.get(ctx, copy.id);
    },

    remove(ctx: TenantContext, id: string): void {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      q.deleteTemplate(ctx.db, id);
      record(ctx, row.kind === "transactional" ? "transactional_email.deleted" : "email_template.deleted", row);
    },

    /** Captures the version that went out (called by the sender, TE-05). */
    recordSend(ctx: Ctx & { actor?: { userId: string | null } }, id: string): void {
      snapshot(ctx, rowOrThrow(ctx, id), "send");
    },

    // ── translations (TR-01…TR-03, TR-05) ──
    translatableFields: (ctx: Ctx, id: string) => translatableFields(rowOrThrow(ctx, id).document as EmailDocument),
    translation: (ctx: Ctx, id: string, language: string) => q.findTranslation(ctx.db, rowOrThrow(ctx, id).id, language)?.values ?? null,
    setTranslation(ctx: TenantContext, id: string, language: unknown, values: Record<string, unknown>): void {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      const lang = checkLanguage(language);
      if (lang === row.defaultLanguage) throw invalid("language", "That is the template's default language; edit the template itself.");
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) if (typeof v === "string" && v.length <= 100_000) clean[k] = v;
      q.putTranslation(ctx.db, id, lang, clean, clock.now());
      record(ctx, "email_template.translation_updated", row, { language: lang });
    },
    removeTranslation(ctx: TenantContext, id: string, language: string): void {
      requirePermission(ctx, "templates:manage");
      const row = rowOrThrow(ctx, id);
      q.deleteTranslation(ctx.db, id, language);
      record(ctx, "email_template.translation_removed", row, { language });
    },

    // ── theme (TH-01…TH-04) ──
    theme: (ctx: Ctx): ThemeInput => deps.settings.orgValue<ThemeInput>(ctx, THEME_SETTING) ?? {},
    setTheme(ctx: TenantContext, input: ThemeInput): ThemeInput {
      requirePermission(ctx, "settings:manage");
      try {
        resolveTheme(input);
      } catch (e) {
        if (!(e instanceof InvalidDocumentError)) throw e;
        const first = e.errors[0]!;
        throw new AppError("INVALID_INPUT", first.message, { field: first.field ?? "theme" });
      }
      deps.settings.setOrgValue(ctx, THEME_SETTING, input);
      audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "settings.updated", resource: "settings", resourceId: "email_theme", details: { setting: "email_theme" } });
      return input;
    },
    resolvedTheme: (ctx: Ctx) => resolveTheme(service.theme(ctx)),

    /**
     * Compiles a template for sending in one language (TR-05: the language's texts over the default,
     * untranslated fields fall back). Compile once per template × language; personalize per recipient.
     */
    compileFor(ctx: Ctx, id: string, opts: { language?: string; footer?: FooterOptions; viewInBrowser?: RenderOptions["viewInBrowser"]; trackingPixel?: boolean } = {}): CompiledTemplate {
      const row = rowOrThrow(ctx, id);
      const language = opts.language && opts.language !== row.defaultLanguage && q.findTranslation(ctx.db, id, opts.language) ? opts.language : row.defaultLanguage;
      const texts = language === row.defaultLanguage ? null : q.findTranslation(ctx.db, id, language)!.values;
      const document = texts ? applyTranslations(row.document as EmailDocument, texts) : (row.document as EmailDocument);
      const subject = texts?.subject || row.subject;
      const preheader = texts?.preheader || row.preheader;
      const compiled = compile(document, service.theme(ctx), {
        subject, preheader, lang: language, footer: opts.footer, viewInBrowser: opts.viewInBrowser,
        trackingPixel: opts.trackingPixel, plainTextOverride: row.plainTextOverride ?? undefined,
      });
      return { templateId: id, language, compiled, subject, preheader };
    },
  };
  return service;
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;

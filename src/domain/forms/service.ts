import { AppError, invalid } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { DAY, type Clock } from "../../lib/time";
import type { Logger } from "../../lib/logger";
import type { AuditService } from "../audit/service";
import { normalizeEmail } from "../accounts/model";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceService, OrgScope } from "../audience/service";
import type { TenantDb } from "../../db/tenants";
import type { Organization } from "../organizations/model";
import { publicActor } from "../audience/service";
import {
  DEFAULT_FIELDS, MAX_VALUE_CHARS, METADATA_RETENTION_DAYS, checkFields, checkHoneypot, safeRedirect,
  type Form, type FormOutcome, type FormSubmission,
} from "./model";
import * as q from "./queries";

export interface FormsDeps {
  clock: Clock;
  audit: AuditService;
  logger: Logger;
  audience: AudienceService;
  openOrg: (orgId: string) => { org: Organization; db: TenantDb } | null;
  featureOn: (orgId: string) => boolean;
}

export type SubmitResult =
  | { status: 404; reason: "form_not_found"; message: string }
  | { status: 403; reason: "form_inactive" | "forms_disabled"; message: string }
  | { status: 400; reason: "validation_error"; message: string }
  | { status: 200; outcome: FormOutcome; redirect: string | null; message: string; confirmationRequired: boolean };

const toForm = (orgId: string, r: q.FormRow): Form => ({ ...r, publicId: `${orgId}.${r.id}` });

function parseInput(body: Record<string, unknown>) {
  const rawFields = body.fields ?? Object.keys(body).filter((k) => /^field_key_\d+$/.test(k)).map((k) => {
    const i = k.slice("field_key_".length);
    return body[k] ? { key: body[k], label: body[`field_label_${i}`], type: body[`field_type_${i}`], required: body[`field_required_${i}`] } : null;
  }).filter(Boolean);
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (!name) throw invalid("name", "Name is required.");
  if (name.length > 100) throw invalid("name", "Name must be at most 100 characters.");
  const topicId = body.topicId === undefined || body.topicId === "" || body.topicId === null ? null : Number(body.topicId);
  return {
    name,
    topicId: topicId !== null && Number.isSafeInteger(topicId) ? topicId : null,
    redirectUrl: safeRedirect(body.redirectUrl),
    doubleOptIn: body.doubleOptIn === true || body.doubleOptIn === "on" || body.doubleOptIn === "true",
    honeypotField: checkHoneypot(body.honeypotField),
    fields: checkFields(Array.isArray(rawFields) && rawFields.length ? rawFields : DEFAULT_FIELDS),
    active: body.active === undefined ? true : body.active === true || body.active === "on" || body.active === "true",
  };
}

export function createFormsService(d: FormsDeps) {
  const audit = (ctx: OrgScope, action: string, id: string, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "form", resourceId: id, details });
  const load = (ctx: Pick<TenantContext, "db">, id: string) => {
    const r = q.formById(ctx.db, id);
    if (!r) throw new AppError("NOT_FOUND", "No such form.");
    return r;
  };
  const checkTopic = (ctx: Pick<TenantContext, "db">, topicId: number | null) => {
    if (topicId !== null && !d.audience.topics.list(ctx).some((t) => t.id === topicId)) throw invalid("topicId", "Choose an existing topic or none.");
  };

  const service = {
    list: (ctx: TenantContext): Form[] => q.listForms(ctx.db).map((r) => toForm(ctx.org.id, r)),
    /** Form configurations without counters' context (data export). */
    listAll: (db: TenantDb) => q.listForms(db),
    get: (ctx: TenantContext, id: string): Form => toForm(ctx.org.id, load(ctx, id)),

    create(ctx: TenantContext, body: Record<string, unknown>): Form {
      requirePermission(ctx, "contacts:manage");
      const input = parseInput(body);
      checkTopic(ctx, input.topicId);
      const id = newId();
      const now = d.clock.now();
      q.insertForm(ctx.db, { id, ...input, createdAt: now, updatedAt: now });
      audit(ctx, "form.created", id, { name: input.name });
      return service.get(ctx, id);
    },

    update(ctx: TenantContext, id: string, body: Record<string, unknown>): Form {
      requirePermission(ctx, "contacts:manage");
      load(ctx, id);
      const input = parseInput(body);
      checkTopic(ctx, input.topicId);
      q.updateForm(ctx.db, id, { ...input, updatedAt: d.clock.now() });
      audit(ctx, "form.updated", id, { name: input.name, active: input.active });
      return service.get(ctx, id);
    },

    remove(ctx: TenantContext, id: string): void {
      requirePermission(ctx, "contacts:manage");
      const r = load(ctx, id);
      q.deleteForm(ctx.db, id);
      audit(ctx, "form.deleted", id, { name: r.name });
    },

    submissions(ctx: TenantContext, id: string, opts: { beforeId?: number; outcome?: FormOutcome }): { items: FormSubmission[]; counts: Record<string, number>; next: number | null } {
      load(ctx, id);
      const items = q.listSubmissions(ctx.db, id, { ...opts, limit: 51 });
      return { items: items.slice(0, 50), counts: q.outcomeCounts(ctx.db, id), next: items.length > 50 ? items[49]!.id : null };
    },

    /** The public endpoint's work (FM-03…FM-10); the HTTP layer maps the result to Owlat's wire shape. */
    async submit(publicId: string, raw: Record<string, unknown>, meta: { ip: string | null; userAgent: string | null }): Promise<SubmitResult> {
      const m = /^([a-z0-9]{10,40})\.([a-z0-9]{10,40})$/.exec(publicId);
      const opened = m ? d.openOrg(m[1]!) : null;
      const row = opened ? q.formById(opened.db, m![2]!) : undefined;
      if (!opened || !row) return { status: 404, reason: "form_not_found", message: "Form not found" };
      if (!d.featureOn(opened.org.id)) return { status: 403, reason: "forms_disabled", message: "Forms are turned off for this organization" };
      if (!row.active) return { status: 403, reason: "form_inactive", message: "This form is no longer accepting submissions" };
      const scope: OrgScope = { ...opened, actor: publicActor(meta.ip, meta.userAgent, `form:${row.name}`) };
      const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v ?? "").slice(0, MAX_VALUE_CHARS)]));
      const now = d.clock.now();
      const record = (outcome: FormOutcome, extra: { email?: string | null; contactId?: number | null; error?: string | null } = {}) =>
        q.recordSubmission(opened.db, { formId: row.id, outcome, data: values, email: extra.email ?? null, contactId: extra.contactId ?? null, error: extra.error ?? null, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null, createdAt: now }, outcome === "success" || outcome === "pending_confirmation");
      const ok = (outcome: FormOutcome, pending = false): SubmitResult => ({
        status: 200, outcome, confirmationRequired: pending, redirect: row.redirectUrl,
        message: pending ? "Please check your email to confirm your subscription" : "Form submitted successfully",
      });
      if ((values[row.honeypotField] ?? "").trim() !== "") {
        record("spam");
        return ok("spam");
      }
      const errors: string[] = [];
      let email: string | null = null;
      for (const f of row.fields) {
        const v = (values[f.key] ?? "").trim();
        if (f.required && !v && f.type !== "checkbox") errors.push(`${f.label} is required`);
        else if (f.required && f.type === "checkbox" && !["on", "true", "1", "yes"].includes(v.toLowerCase())) errors.push(`${f.label} is required`);
        else if (f.type === "email" && v) {
          try {
            email ??= normalizeEmail(v);
          } catch {
            errors.push(`${f.label} must be a valid email address`);
          }
        }
      }
      if (!email && !errors.length) errors.push("Email is required");
      if (errors.length) {
        record("invalid", { error: errors.join("; ") });
        return { status: 400, reason: "validation_error", message: errors.join("; ") };
      }
      const firstName = (values.firstName ?? values.first_name ?? "").trim().slice(0, 100);
      const lastName = (values.lastName ?? values.last_name ?? "").trim().slice(0, 100);
      const { contact, created } = d.audience.contacts.findOrCreate(scope, { email: email!, firstName, lastName }, "merge", "form");
      let outcome: FormOutcome = created ? "success" : "duplicate";
      if (row.topicId !== null && d.audience.topics.list(opened).some((t) => t.id === row.topicId)) {
        const r = await d.audience.topics.subscribe(scope, contact.id, row.topicId, { source: "form", forceDoi: row.doubleOptIn, sendConfirmation: true });
        outcome = r.outcome === "pending_doi" ? "pending_confirmation" : r.outcome === "subscribed" ? "success" : "duplicate";
      }
      record(outcome, { email, contactId: contact.id });
      return ok(outcome, outcome === "pending_confirmation");
    },

    scrubMetadata: (db: TenantDb) => q.scrubMetadata(db, d.clock.now() - METADATA_RETENTION_DAYS * DAY),
  };
  return service;
}

export type FormsService = ReturnType<typeof createFormsService>;

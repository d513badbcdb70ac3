import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { hasPermission } from "../../domain/organizations/model";
import { requirePermission, type TenantContext } from "../../domain/context";
import { CONTACT_SORTS, CONTACT_SOURCES, CONTACT_STATUSES, type ContactFilter, type ContactSort } from "../../domain/audience/model";
import { BULK_JOB, csvStream, type BulkPayload } from "../../domain/audience/service";
import { ContactCount, ContactFormPage, ContactListPage, ContactResults, BulkProgress, type ContactListView } from "../../../web/views/contacts";
import { ContactDetailPage, Timeline, type ContactDetailView } from "../../../web/views/contact-detail";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
const LAZY_COUNT_ABOVE = 200_000;
type Body = Record<string, unknown>;

/** Filters, sort and cursor from a query string (also the hidden `filter` field of the bulk form). */
export function listQuery(query: Record<string, string | undefined>): { filter: ContactFilter; sort: ContactSort; after: string; qs: string } {
  const topicId = Number(query.topic);
  const filter: ContactFilter = {
    search: str(query.q).slice(0, 200) || undefined,
    topicId: Number.isSafeInteger(topicId) && topicId > 0 ? topicId : undefined,
    source: (CONTACT_SOURCES as readonly string[]).includes(str(query.source)) ? (query.source as ContactFilter["source"]) : undefined,
    status: (CONTACT_STATUSES as readonly string[]).includes(str(query.status)) ? (query.status as ContactFilter["status"]) : undefined,
  };
  const sort = (CONTACT_SORTS as readonly string[]).includes(str(query.sort)) ? (query.sort as ContactSort) : "newest";
  const qs = new URLSearchParams(Object.entries({ q: filter.search, topic: filter.topicId?.toString(), source: filter.source, status: filter.status, sort: sort === "newest" ? undefined : sort }).filter((e): e is [string, string] => !!e[1])).toString();
  return { filter, sort, after: str(query.after), qs };
}

const contactId = (ctx: Ctx) => {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "No such contact.");
  return id;
};

export function contactPages(t: TenantApp, app: App): void {
  const a = app.audience;
  const base = (ctx: Ctx) => `/o/${ctx.tenant.org.slug}/contacts`;

  const listView = (ctx: Ctx): ContactListView => {
    const { filter, sort, after, qs } = listQuery(ctx.query);
    const page = a.contacts.list(ctx.tenant, { filter, sort, after: after || undefined, limit: 50 });
    const job = str(ctx.query.job);
    const filtered = !!(filter.search || filter.topicId || filter.source || filter.status);
    // Counting a broad match over a very large audience takes longer than the page: it follows by htmx.
    const inline = !filtered || a.contacts.total(ctx.tenant) < LAZY_COUNT_ABOVE;
    return {
      ...page, filter, sort, after, query: qs, topics: a.topics.list(ctx.tenant), total: inline ? a.contacts.count(ctx.tenant, filter) : null,
      canManage: hasPermission(ctx.tenant.role, "contacts:manage"), bulkJob: job ? bulkJobView(app, ctx, job) : null,
    };
  };

  t.get("/contacts", (ctx) => {
    const view = listView(ctx);
    if (ctx.request.headers.get("hx-target") === "contact-results") return <ContactResults shell={shellOf(ctx, "Contacts")} view={view} />;
    return <ContactListPage shell={shellOf(ctx, "Contacts")} view={view} />;
  });

  const formPage = (ctx: Ctx, contactId: number | null, values: Body, errors: Record<string, string>) => {
    const contact = contactId ? a.contacts.get(ctx.tenant, contactId).contact : null;
    return <ContactFormPage shell={shellOf(ctx, contact ? "Edit contact" : "Add contact")} contact={contact} props={a.properties.list(ctx.tenant)} values={values} errors={errors} />;
  };

  t.get("/contacts/count", (ctx) => {
    const { filter } = listQuery(ctx.query);
    return <ContactCount total={a.contacts.count(ctx.tenant, filter)} filtered={!!(filter.search || filter.topicId || filter.source || filter.status)} />;
  });

  t.get("/contacts/new", (ctx) => {
    requirePermission(ctx.tenant, "contacts:manage");
    return formPage(ctx, null, {}, {});
  });

  t.post("/contacts", (ctx) => {
    const body = ctx.body as Body;
    try {
      const c = a.contacts.create(ctx.tenant, body);
      setFlash(ctx.cookie as never, { kind: "success", message: `${c.email} added.` });
      return seeOther(ctx.request, `${base(ctx)}/${c.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return formPage(ctx, null, body, formErrors(e));
    }
  });

  t.get("/contacts/export.csv", (ctx) => {
    const ids = str(ctx.query.ids).split(",").map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const { filter } = listQuery(ctx.query);
    const batches = ids.length ? [ids.slice(0, 10_000)] : a.contacts.idBatches(ctx.tenant, filter);
    return csvResponse(a.exportCsv(ctx.tenant, batches, "list"), `contacts-export-${new Date(app.clock.now()).toISOString().slice(0, 10)}.csv`);
  });

  /** Account page variant (IM-14): owners and admins; topics joined by "; ". */
  t.get("/contacts/account-export.csv", (ctx) => {
    requirePermission(ctx.tenant, "organization:manage");
    return csvResponse(a.exportCsv(ctx.tenant, a.contacts.idBatches(ctx.tenant, {}), "account"), `contacts-${ctx.tenant.org.slug}-${new Date(app.clock.now()).toISOString().slice(0, 10)}.csv`);
  });

  t.post("/contacts/bulk", async (ctx) => bulk(app, ctx));
  t.get("/contacts/bulk/:job", (ctx) => <BulkProgress shell={shellOf(ctx, "Contacts")} job={bulkJobView(app, ctx, ctx.params.job)!} />);

  t.get("/contacts/:id", (ctx) => detailPage(app, ctx, contactId(ctx)));
  t.get("/contacts/:id/timeline", (ctx) => {
    const before = Number(ctx.query.before);
    return <Timeline shell={shellOf(ctx, "Contact")} contactId={contactId(ctx)} timeline={a.contacts.timeline(ctx.tenant, contactId(ctx), Number.isFinite(before) ? before : undefined)} />;
  });
  t.get("/contacts/:id/edit", (ctx) => {
    requirePermission(ctx.tenant, "contacts:manage");
    const c = a.contacts.get(ctx.tenant, contactId(ctx)).contact;
    const values: Body = { ...c, ...Object.fromEntries(Object.entries(c.properties).map(([k, v]) => [`prop_${k}`, v])) };
    return formPage(ctx, c.id, values, {});
  });
  t.post("/contacts/:id", (ctx) => {
    const body = ctx.body as Body;
    try {
      a.contacts.update(ctx.tenant, contactId(ctx), body);
      setFlash(ctx.cookie as never, { kind: "success", message: "Contact saved." });
      return seeOther(ctx.request, `${base(ctx)}/${contactId(ctx)}`);
    } catch (e) {
      ctx.set.status = 422;
      return formPage(ctx, contactId(ctx), body, formErrors(e));
    }
  });
  t.post("/contacts/:id/delete", (ctx) => {
    a.contacts.remove(ctx.tenant, [contactId(ctx)]);
    setFlash(ctx.cookie as never, { kind: "success", message: "Contact deleted." });
    return seeOther(ctx.request, base(ctx));
  });
  t.post("/contacts/:id/topics", async (ctx) => {
    const body = ctx.body as Body;
    const r = await a.topics.addMember(ctx.tenant, contactId(ctx), Number(body.topicId), body.withoutConfirmation === "on");
    const message = r.outcome === "pending_doi" ? (r.mailError ? `Added; waiting for confirmation. The confirmation mail was not sent: ${r.mailError}` : "Added; a confirmation mail was sent.") : r.outcome === "subscribed" ? "Added to the topic." : "Already a member.";
    setFlash(ctx.cookie as never, { kind: r.mailError ? "error" : "success", message });
    return seeOther(ctx.request, `${base(ctx)}/${contactId(ctx)}`);
  });
  t.post("/contacts/:id/topics/:topicId/remove", (ctx) => {
    a.topics.removeMember(ctx.tenant, contactId(ctx), Number(ctx.params.topicId));
    setFlash(ctx.cookie as never, { kind: "success", message: "Removed from the topic." });
    return seeOther(ctx.request, `${base(ctx)}/${contactId(ctx)}`);
  });
  t.post("/contacts/:id/resend-confirmation", async (ctx) => {
    try {
      await a.topics.resendConfirmation(ctx.tenant, contactId(ctx));
      return detailPage(app, ctx, contactId(ctx), { notice: "A new confirmation mail was sent." });
    } catch (e) {
      ctx.set.status = 422;
      return detailPage(app, ctx, contactId(ctx), { error: Object.values(formErrors(e))[0] });
    }
  });
  t.get("/contacts/:id/export.json", (ctx) => {
    const data = a.contacts.exportPerson(ctx.tenant, contactId(ctx));
    return new Response(JSON.stringify(data, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="contact-${contactId(ctx)}-data-export.json"` },
    });
  });
}

function detailPage(app: App, ctx: Ctx, id: number, extra: Partial<ContactDetailView> = {}) {
  const d = app.audience.contacts.get(ctx.tenant, id);
  const view: ContactDetailView = {
    ...d, topics: app.audience.topics.list(ctx.tenant), timeline: app.audience.contacts.timeline(ctx.tenant, id),
    canManage: hasPermission(ctx.tenant.role, "contacts:manage"), canExport: hasPermission(ctx.tenant.role, "organization:manage"), ...extra,
  };
  return <ContactDetailPage shell={shellOf(ctx, d.contact.email ?? "Contact")} view={view} />;
}

export function csvResponse(chunks: Generator<string>, filename: string): Response {
  return new Response(csvStream(chunks), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
}

function bulkJobView(app: App, ctx: Ctx, jobId: string) {
  const job = app.queue.get(jobId);
  if (!job || job.orgId !== ctx.tenant.org.id || job.kind !== BULK_JOB) return null;
  const p = (job.progress ?? { done: 0, total: 0 }) as { done: number; total: number };
  return { id: job.id, status: job.status, done: p.done, total: p.total };
}

/** Bulk actions (IM-15, IM-16): selected rows at once, or every matching contact as a background job in batches. */
async function bulk(app: App, ctx: Ctx) {
  const body = ctx.body as Body;
  const action = str(body.action) as BulkPayload["action"] | "export";
  if (!["add_topic", "remove_topic", "delete", "export"].includes(action)) throw new AppError("INVALID_INPUT", "Choose an action.", { field: "action" });
  const topicId = Number(body.topicId);
  if ((action === "add_topic" || action === "remove_topic") && !(topicId > 0)) throw new AppError("INVALID_INPUT", "Choose a topic for this action.", { field: "topicId" });
  const back = `/o/${ctx.tenant.org.slug}/contacts?${str(body.filter)}`;
  const filterQuery = Object.fromEntries(new URLSearchParams(str(body.filter)));
  const ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  if (body.scope !== "all" && !ids.length) {
    setFlash(ctx.cookie as never, { kind: "error", message: "Select at least one contact, or apply the action to all matching contacts." });
    return seeOther(ctx.request, back);
  }
  if (action === "export") {
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/contacts/export.csv?${body.scope === "all" ? str(body.filter) : `ids=${ids.slice(0, 10_000).join(",")}`}`);
  }
  requirePermission(ctx.tenant, "contacts:manage");
  const payload: BulkPayload = { action: action as BulkPayload["action"], topicId: topicId > 0 ? topicId : null, filter: listQuery(filterQuery).filter, ids: body.scope === "all" ? null : ids.slice(0, 10_000), actor: ctx.tenant.actor };
  if (payload.ids) {
    const r = await app.audience.bulk(ctx.tenant, payload);
    const verb = action === "delete" ? "deleted" : action === "add_topic" ? "added to the topic" : "removed from the topic";
    setFlash(ctx.cookie as never, { kind: "success", message: `${r.changed} of ${r.done} selected contacts ${verb}.` });
    return seeOther(ctx.request, back);
  }
  const jobId = app.queue.enqueue(BULK_JOB, payload, { orgId: ctx.tenant.org.id });
  return seeOther(ctx.request, `${back}${back.includes("?") ? "&" : "?"}job=${jobId}`);
}

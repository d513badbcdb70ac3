import type { App } from "../../app/create-app";
import { hasPermission } from "../../domain/organizations/model";
import { requirePermission, type TenantContext } from "../../domain/context";
import { FORM_OUTCOMES, type FormOutcome } from "../../domain/forms/model";
import { FormPage, FormsPage, NewFormPage, Submissions } from "../../../web/views/forms";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
type Body = Record<string, unknown>;

/** Form endpoints (flag `forms`): list, create, settings with embed snippet, submissions (FM-01…FM-11). */
export function formPages(t: TenantApp, app: App): void {
  const f = app.forms;
  const topics = (ctx: Ctx) => app.audience.topics.list(ctx.tenant);
  const page = (ctx: Ctx, id: string, values: Body = {}, errors: Record<string, string> = {}) => {
    const form = f.get(ctx.tenant, id);
    return (
      <FormPage shell={shellOf(ctx, form.name)} form={form} endpoint={`${app.publicUrl}/forms/${form.publicId}`} topics={topics(ctx)}
        submissions={f.submissions(ctx.tenant, id, {})} canManage={hasPermission(ctx.tenant.role, "contacts:manage")} values={values} errors={errors} />
    );
  };
  t.get("/forms", (ctx) => <FormsPage shell={shellOf(ctx, "Forms")} forms={f.list(ctx.tenant)} canManage={hasPermission(ctx.tenant.role, "contacts:manage")} />);
  t.get("/forms/new", (ctx) => {
    requirePermission(ctx.tenant, "contacts:manage");
    return <NewFormPage shell={shellOf(ctx, "New form")} topics={topics(ctx)} values={{}} errors={{}} />;
  });
  t.post("/forms", (ctx) => {
    const body = ctx.body as Body;
    try {
      const form = f.create(ctx.tenant, { ...body, active: body.active ?? "off" });
      setFlash(ctx.cookie as never, { kind: "success", message: "Form created. Paste the snippet into your site." });
      return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/forms/${form.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return <NewFormPage shell={shellOf(ctx, "New form")} topics={topics(ctx)} values={body} errors={formErrors(e)} />;
    }
  });
  t.get("/forms/:id", (ctx) => page(ctx, ctx.params.id));
  t.post("/forms/:id", (ctx) => {
    const body = ctx.body as Body;
    try {
      f.update(ctx.tenant, ctx.params.id, { ...body, active: body.active ?? "off" });
      setFlash(ctx.cookie as never, { kind: "success", message: "Form saved." });
      return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/forms/${ctx.params.id}`);
    } catch (e) {
      ctx.set.status = 422;
      return page(ctx, ctx.params.id, { ...body, doubleOptIn: body.doubleOptIn ?? "off", active: body.active ?? "off" }, formErrors(e));
    }
  });
  t.post("/forms/:id/delete", (ctx) => {
    f.remove(ctx.tenant, ctx.params.id);
    setFlash(ctx.cookie as never, { kind: "success", message: "Form deleted." });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/forms`);
  });
  t.get("/forms/:id/submissions", (ctx) => {
    const before = Number(ctx.query.before);
    const outcome = (FORM_OUTCOMES as readonly string[]).includes(str(ctx.query.outcome)) ? (ctx.query.outcome as FormOutcome) : undefined;
    const r = f.submissions(ctx.tenant, ctx.params.id, { beforeId: before > 0 ? before : undefined, outcome });
    return <Submissions shell={shellOf(ctx, "Form")} formId={ctx.params.id} items={r.items} next={r.next} />;
  });
}

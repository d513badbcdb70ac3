import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { hasPermission } from "../../domain/organizations/model";
import type { TenantContext } from "../../domain/context";
import { TopicPage, TopicsPage } from "../../../web/views/topics";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { formErrors, seeOther } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext; params: Record<string, string> };
type Body = Record<string, unknown>;

/** Audience → Topics: list, create, edit with audience counts, delete (TP-01…TP-06). */
export function topicPages(t: TenantApp, app: App): void {
  const a = app.audience;
  const idOf = (ctx: Ctx) => {
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "No such topic.");
    return id;
  };
  const list = (ctx: Ctx, errors: Record<string, string> = {}, values: Body = {}) =>
    <TopicsPage shell={shellOf(ctx, "Topics")} topics={a.topics.list(ctx.tenant)} canManage={hasPermission(ctx.tenant.role, "topics:manage")} errors={errors} values={values} />;
  const one = (ctx: Ctx, errors: Record<string, string> = {}, values: Body = {}) => {
    const topic = a.topics.get(ctx.tenant, idOf(ctx));
    return <TopicPage shell={shellOf(ctx, topic.name)} topic={topic} counts={a.countAudience(ctx.tenant, { kind: "topic", topicId: topic.id })} canManage={hasPermission(ctx.tenant.role, "topics:manage")} errors={errors} values={values} />;
  };
  const flash = (ctx: Ctx, message: string) => setFlash(ctx.cookie as never, { kind: "success", message });

  t.get("/topics", (ctx) => list(ctx));
  t.post("/topics", (ctx) => {
    const body = ctx.body as Body;
    try {
      const topic = a.topics.create(ctx.tenant, { ...body, requireDoubleOptIn: body.requireDoubleOptIn ?? "false" });
      flash(ctx, `Topic “${topic.name}” created.`);
      return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/topics`);
    } catch (e) {
      ctx.set.status = 422;
      return list(ctx, formErrors(e), body);
    }
  });
  t.get("/topics/:id", (ctx) => one(ctx));
  t.post("/topics/:id", (ctx) => {
    const body = ctx.body as Body;
    try {
      a.topics.update(ctx.tenant, idOf(ctx), { ...body, requireDoubleOptIn: body.requireDoubleOptIn ?? "false" });
      flash(ctx, "Topic saved.");
      return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/topics/${idOf(ctx)}`);
    } catch (e) {
      ctx.set.status = 422;
      return one(ctx, formErrors(e), { ...body, requireDoubleOptIn: body.requireDoubleOptIn ?? "off" });
    }
  });
  t.post("/topics/:id/delete", (ctx) => {
    a.topics.remove(ctx.tenant, idOf(ctx));
    flash(ctx, "Topic deleted.");
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/topics`);
  });
}

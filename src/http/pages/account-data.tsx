import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import type { User } from "../../domain/accounts/model";
import { AccountDataPage, CancelDeletionPage, type AccountDataView } from "../../../web/views/account-data";
import { setFlash, type Base, type PageCtx } from "../base";
import { formErrors, seeOther, str } from "../respond";
import { shellOf } from "../shell";

/** /account/data: complete export (AC-02), contacts CSV links (AC-03), deletion with grace (AC-04). */
export function accountDataPages(r: Base, app: App): void {
  const requireUser = (user: User | null): User => {
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return user;
  };
  const frame = (ctx: PageCtx, user: User) => {
    const orgs = app.orgs.forUser(user.id);
    const org = orgs.find((o) => o.id === app.accounts.lastOrgId(user.id)) ?? orgs[0];
    return shellOf({ ...ctx, tenant: org ? { org, role: org.role } : null }, "Your data");
  };
  const page = (ctx: PageCtx, user: User, extra: Partial<AccountDataView> = {}, errors: Record<string, string> = {}) => {
    const view: AccountDataView = { orgs: app.orgs.forUser(user.id).map((o) => ({ slug: o.slug, name: o.name, role: o.role })), deletion: app.accountData.status(user.id), now: app.clock.now(), ...extra };
    return <AccountDataPage shell={frame(ctx, user)} view={view} errors={errors} />;
  };

  r.get("/account/data", (ctx) => page(ctx, requireUser(ctx.user)));

  r.get("/account/export.json", (ctx) => {
    const user = requireUser(ctx.user);
    const chunks = app.accountData.exportJson(user);
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({ pull(c) { const n = chunks.next(); if (n.done) c.close(); else c.enqueue(enc.encode(n.value)); } });
    return new Response(stream, { headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="owlat-data-export-${new Date(app.clock.now()).toISOString().slice(0, 10)}.json"` } });
  });

  r.post("/account/data/delete", async (ctx) => {
    const user = requireUser(ctx.user);
    try {
      const res = await app.accountData.requestDeletion(user, ctx.body as Record<string, unknown>, ctx.actor);
      return page(ctx, user, { notice: "Your account is scheduled for deletion in 30 days.", cancelLink: res.mailError ? res.cancelLink : null });
    } catch (e) {
      ctx.set.status = 422;
      return page(ctx, user, {}, formErrors(e));
    }
  });

  r.post("/account/data/delete/cancel", (ctx) => {
    const user = requireUser(ctx.user);
    app.accountData.cancelDeletion(user.id, ctx.actor);
    setFlash(ctx.cookie as never, { kind: "success", message: "Account deletion cancelled." });
    return seeOther(ctx.request, "/account/data");
  });

  const cancelPage = (ctx: PageCtx) => {
    const token = str(ctx.query.token);
    const found = app.accountData.findByToken(token);
    if (!found) {
      ctx.set.status = 404;
      return <CancelDeletionPage shell={shellOf(ctx, "Cancel deletion")} token="" state="invalid" />;
    }
    if (ctx.request.method === "POST") {
      app.accountData.cancelDeletion(found.userId, ctx.actor);
      return <CancelDeletionPage shell={shellOf(ctx, "Cancel deletion")} token="" state="done" />;
    }
    return <CancelDeletionPage shell={shellOf(ctx, "Cancel deletion")} token={token} state="ask" scheduledFor={found.request.scheduledFor} />;
  };
  r.get("/cancel-deletion", (ctx) => cancelPage(ctx));
  r.post("/cancel-deletion", (ctx) => cancelPage(ctx));
}

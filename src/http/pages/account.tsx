// qrcode is loaded when someone sets up two-factor, not at start.
const qrSvgOf = async (uri: string) => (await import("qrcode")).default.toString(uri, { type: "svg", margin: 1 });
import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import type { User } from "../../domain/accounts/model";
import { AccountPage, type AccountView } from "../../../web/views/account";
import type { Base, PageCtx } from "../base";
import { formErrors } from "../respond";
import { shellOf } from "../shell";

type Body = Record<string, unknown>;

/** /account: profile, email change, password, TOTP two-factor, organizations. */
export function accountPages(r: Base, app: App): void {
  const viewOf = (user: User, extra: Partial<AccountView> = {}): AccountView => ({
    email: user.email,
    name: user.name,
    totpEnabled: user.totpEnabled,
    recoveryCodesLeft: app.accounts.remainingRecoveryCodes(user.id),
    orgs: app.orgs.forUser(user.id).map((o) => ({ slug: o.slug, name: o.name, role: o.role })),
    ...extra,
  });

  const frameTenant = (user: User) => {
    const last = app.accounts.lastOrgId(user.id);
    const orgs = app.orgs.forUser(user.id);
    const org = orgs.find((o) => o.id === last) ?? orgs[0];
    return org ? { org, role: org.role } : null;
  };

  const requireUser = (user: User | null): User => {
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return user;
  };

  type Ctx = PageCtx;
  const render = (ctx: Ctx, user: User, opts: { errors?: Record<string, string>; notice?: string; extra?: Partial<AccountView>; status?: number } = {}) => {
    if (opts.status) ctx.set.status = opts.status;
    const fresh = app.accounts.byId(user.id)!;
    const shell = shellOf({ ...ctx, tenant: frameTenant(fresh) }, "Your account");
    return <AccountPage shell={shell} view={viewOf(fresh, opts.extra)} errors={opts.errors ?? {}} notice={opts.notice} />;
  };

  const attempt = async (ctx: Ctx, fn: (user: User) => Promise<string> | string) => {
    const user = requireUser(ctx.user);
    try {
      return render(ctx, user, { notice: await fn(user) });
    } catch (e) {
      return render(ctx, user, { errors: formErrors(e), status: 422 });
    }
  };

  r.get("/account", (ctx) => render(ctx, requireUser(ctx.user)));

  r.post("/account/profile", (ctx) => attempt(ctx, (u) => {
    app.accounts.updateProfile(u.id, { name: (ctx.body as Body).name });
    return "Profile saved.";
  }));

  r.post("/account/email", (ctx) => attempt(ctx, async (u) => {
    const body = ctx.body as Body;
    await app.accounts.requestEmailChange(u.id, { email: body.email, password: body.password }, ctx.actor);
    return `We sent a confirmation link to ${String(body.email).trim()}.`;
  }));

  r.post("/account/password", (ctx) => attempt(ctx, async (u) => {
    const body = ctx.body as Body;
    await app.accounts.changePassword(u.id, { current: body.current, next: body.next }, ctx.actor, ctx.session!.id);
    return "Password changed. Other sessions were signed out.";
  }));

  r.post("/account/two-factor/begin", async (ctx) => {
    const user = requireUser(ctx.user);
    const { uri, secret } = app.accounts.beginTotp(user.id);
    const qrSvg = await qrSvgOf(uri);
    return render(ctx, user, { extra: { totpSetup: { secret, qrSvg } } });
  });

  r.post("/account/two-factor/confirm", async (ctx) => {
    const user = requireUser(ctx.user);
    try {
      const codes = app.accounts.confirmTotp(user.id, (ctx.body as Body).code, ctx.actor);
      return render(ctx, user, { extra: { recoveryCodes: codes } });
    } catch (e) {
      const errors = formErrors(e);
      const row = app.accounts.byId(user.id)!;
      if (row.totpEnabled) return render(ctx, user, { errors, status: 422 });
      // Keep the enrolment on screen with a fresh key so the user can retry.
      const { uri, secret } = app.accounts.beginTotp(user.id);
      const qrSvg = await qrSvgOf(uri);
      return render(ctx, user, { errors, status: 422, extra: { totpSetup: { secret, qrSvg } } });
    }
  });

  r.post("/account/two-factor/disable", (ctx) => attempt(ctx, async (u) => {
    await app.accounts.disableTotp(u.id, (ctx.body as Body).password, ctx.actor);
    return "Two-factor authentication is off.";
  }));
}

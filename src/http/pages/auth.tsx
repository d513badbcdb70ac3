import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { SetupPage, LoginPage, TwoFactorPage, ForgotPasswordPage, ResetPasswordPage, MessagePage, InvitePage } from "../../../web/views/auth";
import { SESSION_COOKIE, setFlash, setSessionCookie, type Base } from "../base";
import { formErrors, safeNext, seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Body = Record<string, unknown>;

/** Setup, sign-in (with the second factor), sign-out, password reset, email change links and invitations. */
export function authPages(r: Base, app: App): void {
  r.get("/setup", (ctx) => {
    if (!app.accounts.needsSetup()) return ctx.redirect("/login", 303);
    return <SetupPage shell={shellOf(ctx, "Set up")} values={{}} errors={{}} />;
  });

  r.post("/setup", async (ctx) => {
    const body = ctx.body as Body;
    if (!app.accounts.needsSetup()) throw new AppError("FORBIDDEN", "Setup is already done; sign in instead.");
    try {
      const { user, org } = await app.accounts.setup({ email: body.email, password: body.password, name: body.name, orgName: body.orgName }, ctx.actor);
      const { token, session } = await app.accounts.login({ email: user.email, password: body.password }, ctx.actor);
      setSessionCookie(app, ctx.cookie as never, token, session.expiresAt);
      setFlash(ctx.cookie as never, { kind: "success", message: `Welcome! ${org.name} is ready.` });
      return seeOther(ctx.request, `/o/${org.slug}`);
    } catch (e) {
      ctx.set.status = 422;
      const values = { email: str(body.email), name: str(body.name), orgName: str(body.orgName) };
      return <SetupPage shell={shellOf(ctx, "Set up")} values={values} errors={formErrors(e)} />;
    }
  });

  r.get("/login", (ctx) => {
    if (app.accounts.needsSetup()) return ctx.redirect("/setup", 303);
    if (ctx.user) return ctx.redirect(safeNext(ctx.query.next), 303);
    const message = ctx.query.reset === "1" ? "Your password was changed. Sign in with the new one." : undefined;
    return <LoginPage shell={shellOf(ctx, "Sign in")} values={{}} errors={{}} next={str(ctx.query.next)} message={message} />;
  });

  r.post("/login", async (ctx) => {
    const body = ctx.body as Body;
    try {
      const { token, session } = await app.accounts.login({ email: body.email, password: body.password }, ctx.actor);
      setSessionCookie(app, ctx.cookie as never, token, session.expiresAt);
      const next = safeNext(body.next);
      return seeOther(ctx.request, session.twoFactorVerified ? next : `/login/two-factor?next=${encodeURIComponent(next)}`);
    } catch (e) {
      ctx.set.status = e instanceof AppError && e.code === "RATE_LIMITED" ? 429 : 422;
      return <LoginPage shell={shellOf(ctx, "Sign in")} values={{ email: str(body.email) }} errors={formErrors(e)} next={str(body.next)} />;
    }
  });

  r.get("/login/two-factor", (ctx) => {
    if (!ctx.pendingTwoFactor) return ctx.redirect(ctx.user ? "/" : "/login", 303);
    return <TwoFactorPage shell={shellOf(ctx, "Two-factor authentication")} errors={{}} next={str(ctx.query.next)} />;
  });

  r.post("/login/two-factor", (ctx) => {
    const body = ctx.body as Body;
    if (!ctx.pendingTwoFactor) return seeOther(ctx.request, "/login");
    try {
      app.accounts.verifySecondFactor(ctx.pendingTwoFactor, body.code);
      return seeOther(ctx.request, safeNext(body.next));
    } catch (e) {
      ctx.set.status = e instanceof AppError && e.code === "RATE_LIMITED" ? 429 : 422;
      return <TwoFactorPage shell={shellOf(ctx, "Two-factor authentication")} errors={formErrors(e)} next={str(body.next)} />;
    }
  });

  r.post("/logout", (ctx) => {
    const id = ctx.session?.id ?? ctx.pendingTwoFactor?.id;
    if (id) app.accounts.logout(id);
    ctx.cookie[SESSION_COOKIE]!.remove();
    return seeOther(ctx.request, "/login");
  });

  r.get("/forgot-password", (ctx) => <ForgotPasswordPage shell={shellOf(ctx, "Reset password")} values={{}} errors={{}} />);

  r.post("/forgot-password", async (ctx) => {
    const body = ctx.body as Body;
    try {
      await app.accounts.requestPasswordReset(body.email, ctx.actor);
      return <ForgotPasswordPage shell={shellOf(ctx, "Reset password")} values={{}} errors={{}} sent />;
    } catch (e) {
      ctx.set.status = 422;
      return <ForgotPasswordPage shell={shellOf(ctx, "Reset password")} values={{ email: str(body.email) }} errors={formErrors(e)} />;
    }
  });

  r.get("/reset-password/:token", (ctx) => (
    <ResetPasswordPage shell={shellOf(ctx, "Reset password")} token={ctx.params.token} errors={{}} valid={app.accounts.resetTokenValid(ctx.params.token)} />
  ));

  r.post("/reset-password/:token", async (ctx) => {
    const body = ctx.body as Body;
    try {
      await app.accounts.resetPassword(ctx.params.token, body.password, ctx.actor);
      ctx.cookie[SESSION_COOKIE]!.remove();
      return seeOther(ctx.request, "/login?reset=1");
    } catch (e) {
      ctx.set.status = 422;
      const valid = app.accounts.resetTokenValid(ctx.params.token);
      return <ResetPasswordPage shell={shellOf(ctx, "Reset password")} token={ctx.params.token} errors={formErrors(e)} valid={valid} />;
    }
  });

  r.get("/confirm-email/:token", (ctx) => {
    try {
      const user = app.accounts.confirmEmailChange(ctx.params.token, ctx.actor);
      return <MessagePage shell={shellOf(ctx, "Email confirmed")} title="Email confirmed" kind="success" message={`You now sign in with ${user.email}.`} linkHref="/account" linkText="Go to your account" />;
    } catch (e) {
      ctx.set.status = 400;
      const message = e instanceof AppError ? e.message : "This link cannot be used.";
      return <MessagePage shell={shellOf(ctx, "Email not confirmed")} title="Email not confirmed" kind="error" message={message} linkHref="/account" linkText="Go to your account" />;
    }
  });

  const inviteState = (ctx: { user: { email: string } | null }, email: string) =>
    ctx.user ? (ctx.user.email === email ? "accept" : "wrong-user") : app.accounts.byEmail(email) ? "login" : "register";

  r.get("/invite/:token", (ctx) => {
    const found = app.orgs.invitationByToken(ctx.params.token);
    if (!found) {
      ctx.set.status = 404;
      return <MessagePage shell={shellOf(ctx, "Invitation")} title="Invitation not valid" kind="error" message="This invitation link is invalid, expired or already used. Ask for a new invitation." linkHref="/login" linkText="Sign in" />;
    }
    const invite = { token: ctx.params.token, orgName: found.org.name, email: found.invitation.email, role: found.invitation.role };
    return <InvitePage shell={shellOf(ctx, "Invitation")} invite={invite} state={inviteState(ctx, invite.email)} errors={{}} values={{}} />;
  });

  r.post("/invite/:token/accept", (ctx) => {
    if (!ctx.user) throw new AppError("UNAUTHENTICATED", "Sign in to accept the invitation.");
    const org = app.orgs.acceptInvitation(ctx.params.token, ctx.user, ctx.actor);
    setFlash(ctx.cookie as never, { kind: "success", message: `You joined ${org.name}.` });
    return seeOther(ctx.request, `/o/${org.slug}`);
  });

  r.post("/invite/:token/register", async (ctx) => {
    const body = ctx.body as Body;
    const found = app.orgs.invitationByToken(ctx.params.token);
    if (!found) throw new AppError("NOT_FOUND", "This invitation link is invalid, expired or already used.");
    const invite = { token: ctx.params.token, orgName: found.org.name, email: found.invitation.email, role: found.invitation.role };
    try {
      const user = await app.accounts.register({ email: invite.email, password: body.password, name: body.name }, ctx.actor);
      const org = app.orgs.acceptInvitation(ctx.params.token, user, { ...ctx.actor, userId: user.id, label: user.email });
      const { token, session } = await app.accounts.login({ email: user.email, password: body.password }, ctx.actor);
      setSessionCookie(app, ctx.cookie as never, token, session.expiresAt);
      setFlash(ctx.cookie as never, { kind: "success", message: `Welcome to ${org.name}!` });
      return seeOther(ctx.request, `/o/${org.slug}`);
    } catch (e) {
      ctx.set.status = 422;
      return <InvitePage shell={shellOf(ctx, "Invitation")} invite={invite} state="register" errors={formErrors(e)} values={{ name: str(body.name) }} />;
    }
  });
}

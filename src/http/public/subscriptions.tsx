import type { App } from "../../app/create-app";
import { publicActor, type PreferenceUpdate } from "../../domain/audience/service";
import { ConfirmPage, LinkProblemPage, PreferencesPage, UnsubscribePage } from "../../../web/views/public-audience";
import type { Base, PageCtx } from "../base";
import { shellOf } from "../shell";
import { str } from "../respond";
import { cappedBody, cors, fail, limited, methodNotAllowed, ok, outcome, preflight, type Limits } from "./public-json";

type Ctx = PageCtx & { ip: string | null; userAgent: string | null; params: Record<string, string> };

/**
 * One-click unsubscribe (RFC 8058), the preference center and double opt-in confirmation:
 * Owlat's JSON endpoints (api.md §5.2–5.4) and the pages the links in mail open.
 */
export function subscriptionRoutes(r: Base, app: App, limits: Limits): void {
  const s = app.audience.subscriptions;
  const actorOf = (ctx: Ctx, what: string) => publicActor(ctx.ip, ctx.userAgent, what);
  const rateKey = (ctx: Ctx, token = "") => `${ctx.ip ?? "?"}:${token.slice(0, 80)}`;

  // ---------------------------------------------------------------- unsubscribe
  r.post("/unsub/:token", (ctx) => {
    const token = decodeURIComponent(ctx.params.token);
    const limit = limited(limits.subscription, rateKey(ctx as Ctx, token));
    if (limit) return limit;
    const res = s.resolve("unsubscribe", token, actorOf(ctx as Ctx, "one-click unsubscribe"));
    if (!res.ok) return res.reason === "contact_not_found" ? fail(404, "Contact not found", "contact_not_found") : fail(400, "Invalid or expired unsubscribe link", res.reason);
    const removed = s.unsubscribeAll(res.scope, res.contact.id, "one_click");
    return ok({ message: removed ? `You have been successfully unsubscribed from ${removed} topic(s)` : "You were already unsubscribed from all topics", listsRemoved: removed });
  }, { parse: "none" });
  r.get("/unsub/:token", () => methodNotAllowed());

  r.options("/unsub/verify/:token", () => preflight("GET, OPTIONS"));
  r.get("/unsub/verify/:token", (ctx) => {
    const token = decodeURIComponent(ctx.params.token);
    const limit = limited(limits.subscription, rateKey(ctx as Ctx), cors("GET, OPTIONS"));
    if (limit) return limit;
    const res = s.resolve("unsubscribe", token, actorOf(ctx as Ctx, "public"));
    if (!res.ok) return outcome({ ok: false, reason: res.reason }, cors("GET, OPTIONS"));
    const d = s.describe(res);
    return outcome({ ok: true, data: { email: d.email, firstName: d.firstName, subscribed: d.subscribed, organizationName: d.organizationName } }, cors("GET, OPTIONS"));
  });

  // ---------------------------------------------------------------- preferences
  r.options("/prefs/verify/:token", () => preflight("GET, OPTIONS"));
  r.get("/prefs/verify/:token", (ctx) => {
    const limit = limited(limits.subscription, rateKey(ctx as Ctx), cors("GET, OPTIONS"));
    if (limit) return limit;
    const res = s.resolve("preferences", decodeURIComponent(ctx.params.token), actorOf(ctx as Ctx, "public"));
    if (!res.ok) return outcome({ ok: false, reason: res.reason }, cors("GET, OPTIONS"));
    const { unsubscribedAt: _, ...data } = s.preferences(res);
    return outcome({ ok: true, data }, cors("GET, OPTIONS"));
  });

  r.options("/prefs/update/:token", () => preflight("POST, OPTIONS"));
  r.post("/prefs/update/:token", async (ctx) => {
    const h = cors("POST, OPTIONS");
    const limit = limited(limits.subscription, rateKey(ctx as Ctx), h);
    if (limit) return limit;
    const res = s.resolve("preferences", decodeURIComponent(ctx.params.token), actorOf(ctx as Ctx, "preference center"));
    if (!res.ok) return res.reason === "contact_not_found" ? fail(404, "Contact not found", "not_found", h) : fail(400, "Invalid or expired link", res.reason, h);
    const raw = await cappedBody(ctx.request, 100_000);
    if (!raw) return fail(400, "Request body too large", undefined, h);
    const parsed = parsePreferenceBody(raw);
    if ("error" in parsed) return fail(400, parsed.error, parsed.error, h);
    s.updatePreferences(res, parsed);
    return ok({ message: "Preferences updated successfully" }, h);
  }, { parse: "none" });

  // ---------------------------------------------------------------- double opt-in
  const doiToken = (ctx: Ctx) => str(ctx.query.token);
  r.options("/confirm/doi/verify", () => preflight("GET, POST, OPTIONS"));
  r.get("/confirm/doi/verify", (ctx) => {
    const h = cors("GET, POST, OPTIONS");
    const token = doiToken(ctx as Ctx);
    if (!token) return fail(400, "Missing token", undefined, h);
    const limit = limited(limits.doi, rateKey(ctx as Ctx, token), h);
    if (limit) return limit;
    const found = s.findDoi(token);
    if (!found) return fail(404, "Invalid or expired confirmation token", "invalid_token", h);
    if (found.contact.doiStatus === "confirmed") return ok({ alreadyConfirmed: true, contactEmail: found.contact.email }, h);
    return ok({ contactEmail: found.contact.email, contactFirstName: found.contact.firstName, doiStatus: found.contact.doiStatus }, h);
  });
  r.options("/confirm/doi", () => preflight("GET, POST, OPTIONS"));
  r.post("/confirm/doi", (ctx) => {
    const h = cors("GET, POST, OPTIONS");
    const token = doiToken(ctx as Ctx);
    if (!token) return fail(400, "Missing token", undefined, h);
    const limit = limited(limits.doi, rateKey(ctx as Ctx, token), h);
    if (limit) return limit;
    const res = s.confirmDoi(token, actorOf(ctx as Ctx, "double opt-in link"));
    if (!res.ok) return fail(400, "Invalid or expired confirmation token", "confirmation_failed", h);
    return ok({ alreadyConfirmed: res.alreadyConfirmed, contactEmail: res.contactEmail, message: res.alreadyConfirmed ? "Your subscription was already confirmed" : "Your subscription has been confirmed!" }, h);
  }, { parse: "none" });

  pages(r, app, limits);
}

/** api.md §5.3 validation of POST /prefs/update. */
export function parsePreferenceBody(raw: Uint8Array): PreferenceUpdate | { error: string } {
  let body: unknown = {};
  try {
    body = raw.length ? JSON.parse(new TextDecoder().decode(raw)) : {};
  } catch {
    return { error: "invalid_json" };
  }
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.globalUnsubscribe !== undefined && typeof b.globalUnsubscribe !== "boolean") return { error: "globalUnsubscribe_must_be_boolean" };
  if (b.topicUpdates !== undefined && !Array.isArray(b.topicUpdates)) return { error: "topicUpdates_must_be_array" };
  const updates = (b.topicUpdates ?? []) as unknown[];
  if (updates.length > 100) return { error: "too_many_topic_updates" };
  const topicUpdates: { topicId: number; subscribed: boolean }[] = [];
  for (const u of updates) {
    const x = (u ?? {}) as Record<string, unknown>;
    const topicId = Number(x.topicId);
    if (!Number.isSafeInteger(topicId) || typeof x.subscribed !== "boolean") return { error: "invalid_topic_update_shape" };
    topicUpdates.push({ topicId, subscribed: x.subscribed });
  }
  return { globalUnsubscribe: b.globalUnsubscribe as boolean | undefined, topicUpdates };
}

function pages(r: Base, app: App, limits: Limits): void {
  const s = app.audience.subscriptions;
  const problem = (ctx: Ctx, status: number, text: string) => {
    ctx.set.status = status;
    return <LinkProblemPage shell={shellOf(ctx, "Link problem")} title="This link does not work" text={text} />;
  };
  const expired = "The link is invalid or has expired (links in our emails work for 90 days). Nothing was changed. Use the link in a more recent email.";
  const tooMany = (ctx: Ctx) => problem(ctx, 429, "Too many attempts from your network. Wait a minute and try again.");

  const unsubPage = (ctx: Ctx, done: string | null) => {
    const token = str(ctx.query.token);
    if (!limits.subscription.take(`${ctx.ip}:page`).allowed) return tooMany(ctx);
    const res = s.resolve("unsubscribe", token, publicActor(ctx.ip, ctx.userAgent, "unsubscribe page"));
    if (!res.ok) return problem(ctx, 400, expired);
    const d = s.describe(res);
    const topicId = Number(ctx.query.topic);
    const topic = d.topics.find((t) => t.id === topicId) ?? null;
    if (ctx.request.method === "POST" && !done) {
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const only = Number(body.topic);
      if (only && d.topics.some((t) => t.id === only)) {
        app.audience.topics.unsubscribe(res.scope, res.contact.id, only, "unsubscribe_link");
        return unsubPage(ctx, `You will no longer receive “${d.topics.find((t) => t.id === only)!.name}”.`);
      }
      const n = s.unsubscribeAll(res.scope, res.contact.id, "unsubscribe_link");
      return unsubPage(ctx, n ? `You have been unsubscribed from ${n} topic(s) and will get no more marketing email from ${d.organizationName}.` : `You will get no more marketing email from ${d.organizationName}.`);
    }
    const prefs = `/preferences?token=${encodeURIComponent(s.mint("preferences", res.scope.org.id, res.contact.id))}`;
    return <UnsubscribePage shell={shellOf(ctx, "Unsubscribe")} token={token} email={d.email} org={d.organizationName} topic={topic} subscribedTo={d.topics.map((t) => t.name)} prefsUrl={prefs} done={done} />;
  };
  r.get("/unsubscribe", (ctx) => unsubPage(ctx as Ctx, null));
  r.post("/unsubscribe", (ctx) => unsubPage(ctx as Ctx, null));

  const prefsPage = (ctx: Ctx) => {
    const token = str(ctx.query.token);
    if (!limits.subscription.take(`${ctx.ip}:page`).allowed) return tooMany(ctx);
    const res = s.resolve("preferences", token, publicActor(ctx.ip, ctx.userAgent, "preference page"));
    if (!res.ok) return problem(ctx, 400, expired);
    let saved: string | null = null;
    if (ctx.request.method === "POST") {
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const wanted = new Set((Array.isArray(body.topics) ? body.topics : body.topics ? [body.topics] : []).map(String));
      const shown = str(body.shown).split(",").filter(Boolean);
      if (body.intent === "all") s.updatePreferences(res, { globalUnsubscribe: true });
      else s.updatePreferences(res, { topicUpdates: shown.map((id) => ({ topicId: Number(id), subscribed: wanted.has(id) })) });
      saved = body.intent === "all" ? "You are unsubscribed from every topic." : "Your preferences are saved.";
    }
    const p = s.preferences(res);
    return <PreferencesPage shell={shellOf(ctx, "Email preferences")} token={token} email={p.email} teamName={p.teamName} topics={p.topics} saved={saved} />;
  };
  r.get("/preferences", (ctx) => prefsPage(ctx as Ctx));
  r.post("/preferences", (ctx) => prefsPage(ctx as Ctx));

  const confirmPage = (ctx: Ctx) => {
    const token = str(ctx.query.token);
    if (!limits.doi.take(`${ctx.ip}:${token.slice(0, 80)}`).allowed) return tooMany(ctx);
    const found = s.findDoi(token);
    if (!found) return problem(ctx, 404, "This confirmation link is invalid or has expired (they work for 7 days). Nothing was changed. Sign up again to get a new one.");
    const org = app.settings.profile(found.scope).defaultFromName || found.scope.org.name;
    let state: "ask" | "done" | "already" = found.contact.doiStatus === "confirmed" ? "already" : "ask";
    if (ctx.request.method === "POST" && state === "ask") {
      const res = s.confirmDoi(token, publicActor(ctx.ip, ctx.userAgent, "double opt-in link"));
      if (!res.ok) return problem(ctx, 400, "This confirmation link can no longer be used. Nothing was changed.");
      state = res.alreadyConfirmed ? "already" : "done";
    }
    return <ConfirmPage shell={shellOf(ctx, "Confirm subscription")} token={token} email={found.contact.email} org={org} state={state} />;
  };
  r.get("/confirm", (ctx) => confirmPage(ctx as Ctx));
  r.post("/confirm", (ctx) => confirmPage(ctx as Ctx));
}

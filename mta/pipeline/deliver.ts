import type { AttemptResult } from "../classify/outcome.ts";
import { verpAddress } from "../bounce/verp.ts";
import { DkimKeyError } from "../dkim/signer.ts";
import { resolveRoute, type MxHost } from "../dns/mx.ts";
import { prepareRaw } from "../message.ts";
import { mxMatches } from "../mta-sts.ts";
import { CLEAN_CRLF } from "../smtp/wire.ts";
import type { Lane, TlsNeed } from "../smtp/lane.ts";
import type { DueDelivery } from "../spool/spool.ts";
import type { ShapingProfile } from "../types.ts";
import type { EngineContext } from "./context.ts";
import { recordAttempt, recordExpired, recordFailed, releaseForLater, type Attempt } from "./record.ts";

/** How long a lane may make a message wait for its rate before it goes back to the spool. */
const MAX_RATE_WAIT_MS = 2_000;

/**
 * One delivery attempt through named steps:
 * load → suppression → gate → mx → egress → shaping → sign → smtp → classify/record/reschedule.
 * Every exit records exactly one outcome (or releases the delivery for later without an attempt).
 */
export async function deliver(ctx: EngineContext, d: DueDelivery): Promise<void> {
  const a: Attempt = { d, attempt: d.attempts + 1, ip: null, mx: null, provider: "other" };
  try {
    if (ctx.now() >= d.expiresAt) return recordExpired(ctx, a, null, "expired before this attempt");
    const message = load(ctx, d);
    if (!message) return recordFailed(ctx, a, "missing", "message body is no longer in the spool");
    if (await suppressed(ctx, d)) return recordFailed(ctx, a, "suppressed", "recipient is suppressed for this tenant");
    if (await paused(ctx, d)) return releaseForLater(ctx, a, ctx.now() + 300_000, "organization paused");
    const route = await mx(ctx, d);
    if (!("hosts" in route)) return recordAttempt(ctx, a, route);
    const profile = ctx.lanes.profileFor(route.hosts.map((h) => h.name));
    a.provider = profile.name;
    const chosen = ctx.egress.choose(d.pool, profile.name);
    if ("deferUntil" in chosen) return releaseForLater(ctx, a, chosen.deferUntil, chosen.why);
    a.ip = chosen.ip;
    const lane = ctx.lanes.get(chosen.ip, chosen.ehlo, ctx.lanes.siteOf(profile, route.hosts.map((h) => h.name)), profile);
    // No head-of-line blocking: a lane takes at most laneCap attempts; others wait briefly, then go back.
    if (!(await lane.enter(laneCap(ctx, profile), 1_000))) return releaseForLater(ctx, a, ctx.now() + 1_000, "lane busy");
    try {
      await throughLane(ctx, a, lane, route, message);
    } finally {
      lane.leave();
    }
  } catch (err) {
    ctx.log.error("delivery step failed", { messageId: d.messageId, error: (err as Error).message });
    recordAttempt(ctx, a, { ok: false, phase: "local", reply: null, detail: `internal error: ${(err as Error).message}` });
  }
}

/** At most half of the in-flight attempts may wait on one lane, so one slow site cannot stall the rest. */
function laneCap(ctx: EngineContext, profile: ShapingProfile): number {
  return Math.max(16, Math.min(profile.maxConnections * 32, Math.floor(ctx.settings.maxInFlight / 2)));
}

/** shaping → sign → smtp → classify/record, inside a lane. */
async function throughLane(ctx: EngineContext, a: Attempt, lane: Lane, route: { hosts: MxHost[]; tls: TlsNeed }, message: Loaded): Promise<void> {
  const d = a.d;
  const admission = lane.throttle.admit(MAX_RATE_WAIT_MS);
  if (!admission.ok) return releaseForLater(ctx, a, admission.retryAt, admission.why);
  if (admission.waitMs > 0) await Bun.sleep(admission.waitMs);
  const signed = await sign(ctx, d, message);
  if ("failure" in signed) return recordAttempt(ctx, a, signed.failure);
  const sender = d.rcpt + d.sender;
  const out = await lane.send({ route: route.hosts, from: verpAddress(d.rid, returnPathDomain(ctx, d), ctx.settings.verpSecret), to: d.rcpt, bytes: signed, eightBit: signed.eightBit, needsUtf8: Buffer.byteLength(sender) !== sender.length, tls: route.tls });
  a.mx = out.mx;
  recordAttempt(ctx, a, out.result, lane.throttle);
}

/** The app may put the return path under the From domain (DMARC alignment); otherwise the engine's bounce domain. */
function returnPathDomain(ctx: EngineContext, d: DueDelivery): string {
  const fromDomain = d.sender.slice(d.sender.lastIndexOf("@") + 1).toLowerCase();
  const chosen = ctx.policy?.returnPathDomain?.(d.tenant, fromDomain)?.toLowerCase();
  return chosen && (ctx.settings.bounceDomains.includes(chosen) || ctx.policy?.isBounceDomain?.(chosen)) ? chosen : ctx.settings.bounceDomains[0]!;
}

type Loaded = { raw: string | null; recipe: import("../types.ts").Recipe | null };

function load(ctx: EngineContext, d: DueDelivery): Loaded | null {
  if (d.recipe) return { raw: null, recipe: d.recipe };
  return ctx.spool.loadMessage(d.messageId);
}

async function suppressed(ctx: EngineContext, d: DueDelivery): Promise<boolean> {
  return ctx.policy ? await ctx.policy.isSuppressed(d.tenant, d.rcpt) : false;
}

async function paused(ctx: EngineContext, d: DueDelivery): Promise<boolean> {
  return ctx.policy?.isPaused ? await ctx.policy.isPaused(d.tenant) : false;
}

type Route = { hosts: MxHost[]; tls: TlsNeed } | AttemptResult;

async function mx(ctx: EngineContext, d: DueDelivery): Promise<Route> {
  const sh = ctx.settings.smarthost;
  if (sh) {
    const addresses = /^[\d.]+$|:/.test(sh.host) ? [sh.host] : await ctx.resolver.a(sh.host).catch(() => [] as string[]);
    if (!addresses.length) return { ok: false, phase: "dns", reply: null, detail: `smarthost ${sh.host} has no address` };
    return { hosts: [{ name: sh.host, priority: 0, addresses }], tls: sh.tls === "none" ? "none" : sh.secure ? "opportunistic" : sh.rejectUnauthorized ? "verify" : "required" };
  }
  const route = await resolveRoute(ctx.resolver, d.domain, ctx.random);
  if (route.kind === "nullmx") return { ok: false, phase: "dns", reply: { code: 556, enhanced: "5.1.10", text: `${d.domain} publishes a null MX: it accepts no mail` }, detail: "null MX", permanent: true };
  if (route.kind === "nxdomain") return { ok: false, phase: "dns", reply: { code: 550, enhanced: "5.1.2", text: route.detail }, detail: route.detail, permanent: true };
  if (route.kind === "temp") return { ok: false, phase: "dns", reply: null, detail: route.detail };
  return applySts(ctx, d.domain, route.hosts);
}

async function applySts(ctx: EngineContext, domain: string, hosts: MxHost[]): Promise<Route> {
  const profile: ShapingProfile = ctx.lanes.profileFor(hosts.map((h) => h.name));
  let tls: TlsNeed = ctx.settings.tls === "required" || profile.tls === "required" ? "required" : "opportunistic";
  const policy = ctx.sts ? await ctx.sts.policyFor(domain) : null;
  if (policy?.mode !== "enforce") return { hosts, tls };
  const allowed = hosts.filter((h) => policy.mx.some((p) => mxMatches(p, h.name)));
  if (!allowed.length) return { ok: false, phase: "tls", reply: null, detail: `no MX of ${domain} matches its MTA-STS policy` };
  tls = "verify";
  return { hosts: allowed, tls };
}

type Signed = Buffer & { eightBit: boolean };

async function bytesOf(ctx: EngineContext, d: DueDelivery, m: Loaded): Promise<{ binary: string; eightBit: boolean } | { failure: AttemptResult }> {
  if (m.raw !== null) return { binary: m.raw, eightBit: Buffer.byteLength(m.raw, "utf8") !== m.raw.length };
  if (!m.recipe || !ctx.composer) return { failure: { ok: false, phase: "compose", reply: null, detail: "recipe without a composer", permanent: true } };
  try {
    const composed = await ctx.composer.compose(m.recipe, { tenant: d.tenant, messageId: d.messageId, to: d.rcpt, from: d.sender });
    const prepared = prepareRaw(composed, ctx.settings.maxMessageBytes);
    if ("error" in prepared) return { failure: { ok: false, phase: "local", reply: null, detail: `composed message refused: ${prepared.error}`, permanent: true } };
    return { binary: prepared.message, eightBit: prepared.eightBit };
  } catch (err) {
    const permanent = (err as { permanent?: boolean }).permanent === true;
    return { failure: { ok: false, phase: "compose", reply: null, detail: `compose failed: ${(err as Error).message}`, permanent } };
  }
}

/** Compose (recipe) or take the stored bytes, check the header block, DKIM-sign. */
async function sign(ctx: EngineContext, d: DueDelivery, m: Loaded): Promise<Signed | { failure: AttemptResult }> {
  const got = await bytesOf(ctx, d, m);
  if ("failure" in got) return got;
  const { binary, eightBit } = got;
  const domain = d.sender.slice(d.sender.lastIndexOf("@") + 1); // normalized (lowercase ASCII) at enqueue
  try {
    const signed = (await ctx.signer.sign(binary, d.tenant, domain)) as Signed;
    signed.eightBit = eightBit;
    (signed as Buffer & { [CLEAN_CRLF]?: boolean })[CLEAN_CRLF] = true; // prepareRaw normalized it
    return signed;
  } catch (err) {
    if (!(err instanceof DkimKeyError)) throw err;
    ctx.log.error("DKIM key unusable", { tenant: d.tenant, domain, error: err.message });
    return { failure: { ok: false, phase: "dkim", reply: null, detail: err.message } };
  }
}

import type { App } from "../../app/create-app";
import { AppError } from "../../lib/errors";
import { requirePermission, type TenantContext } from "../../domain/context";
import { FLAGS, FLAG_BY_KEY, OPERATING_MODES, PACKS } from "../../domain/flags/registry";
import { packState } from "../../domain/flags/resolve";
import type { FlagChange } from "../../domain/flags/service";
import { hasPermission } from "../../domain/organizations/model";
import { FeatureChangePreview, FeaturesPage, type FeaturesView } from "../../../web/views/features";
import { setFlash, type PageCtx } from "../base";
import type { TenantApp } from "../plugins/tenant";
import { isHtmx } from "../plugins/request";
import { seeOther, str } from "../respond";
import { shellOf } from "../shell";

type Ctx = PageCtx & { tenant: TenantContext };

function changeFrom(body: Record<string, unknown>): FlagChange {
  const enabled = body.enabled === "true" || body.enabled === true;
  switch (body.kind) {
    case "flag": return { kind: "flag", key: str(body.key), enabled };
    case "pack": return { kind: "pack", pack: str(body.pack), enabled };
    case "mode": return { kind: "mode", mode: str(body.mode) };
    default: throw new AppError("INVALID_INPUT", "Unknown kind of change.", { field: "kind" });
  }
}

const label = (key: string) => FLAG_BY_KEY.get(key)?.label ?? key;

/** Settings → Features: flags by category, packs, presets; every change is previewed with its cascade first. */
export function featurePages(t: TenantApp, app: App): void {
  const view = (ctx: Ctx): FeaturesView => {
    const values = app.flags.resolved(ctx.tenant.org.id);
    const visible = FLAGS.filter((f) => !f.hostedOnly);
    const categories = [...new Set(visible.map((f) => f.category))];
    return {
      groups: categories.map((category) => ({
        category,
        flags: visible.filter((f) => f.category === category).map((f) => ({
          ...f,
          enabled: values[f.key] === true,
          missingEnv: f.requiredEnvVars.filter((v) => !process.env[v]),
          blockedBy: f.requiresAny.filter((g) => !g.some((m) => values[m])).map((g) => g.join(" or ")).join("; ") || null,
        })),
      })),
      packs: Object.entries(PACKS).map(([key, members]) => ({ key, members, state: packState(values, key) })),
      modes: OPERATING_MODES.map((m) => m.key),
      canEdit: hasPermission(ctx.tenant.role, "settings:manage"),
    };
  };

  t.get("/settings/features", (ctx) => <FeaturesPage shell={shellOf(ctx, "Features")} view={view(ctx)} />);

  t.post("/settings/features/preview", (ctx) => {
    requirePermission(ctx.tenant, "settings:manage");
    const body = ctx.body as Record<string, unknown>;
    const change = changeFrom(body);
    const changes = app.flags.previewChange(ctx.tenant.org.id, change).map((c) => ({ ...c, label: label(c.key) }));
    const title = change.kind === "flag" ? `Turn ${label(change.key)} ${change.enabled ? "on" : "off"}?`
      : change.kind === "pack" ? `Turn the ${change.pack} pack ${change.enabled ? "on" : "off"}?` : `Apply the "${change.mode}" operating mode?`;
    const hidden: Record<string, string> = Object.fromEntries(
      Object.entries({ kind: change.kind, key: body.key, pack: body.pack, mode: body.mode, enabled: body.enabled }).filter(([, v]) => typeof v === "string") as [string, string][],
    );
    const preview = <FeatureChangePreview shell={shellOf(ctx, "Features")} title={title} changes={changes} hidden={hidden} />;
    if (isHtmx(ctx.request)) return preview;
    return <FeaturesPage shell={shellOf(ctx, "Features")} view={view(ctx)} preview={preview as string} />;
  });

  t.post("/settings/features/apply", (ctx) => {
    requirePermission(ctx.tenant, "settings:manage");
    const changes = app.flags.applyChange(ctx.tenant.org.id, changeFrom(ctx.body as Record<string, unknown>), ctx.tenant.actor);
    const text = changes.map((c) => `${label(c.key)} ${c.enabled ? "on" : "off"}`).join(", ");
    setFlash(ctx.cookie as never, { kind: "success", message: text ? `Saved: ${text}.` : "Nothing changed." });
    return seeOther(ctx.request, `/o/${ctx.tenant.org.slug}/settings/features`);
  });
}

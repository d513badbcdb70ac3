import { Elysia } from "elysia";
import { AppError } from "../lib/errors";
import type { App } from "../app/create-app";
import { createBase, type Base } from "./base";
import { withTenant } from "./plugins/tenant";
import { opsRoutes } from "./public/ops";
import { authPages } from "./pages/auth";
import { accountPages } from "./pages/account";
import { homePages, dashboardPages } from "./pages/home";
import { orgSettingsPages } from "./pages/settings";
import { teamPages } from "./pages/team";
import { featurePages } from "./pages/features";
import { auditPages } from "./pages/audit";
import { systemPages } from "./pages/system";
import { devOutboxPages } from "./pages/dev-outbox";
import { domainPages } from "./pages/domains";
import { mediaPages } from "./pages/media";
import { deliverabilityPages } from "./pages/deliverability";
import { publicMediaRoutes } from "./public/media";
import { controlRoutes } from "./public/control";
import { contactPages } from "./pages/contacts";
import { importPages } from "./pages/imports";
import { topicPages } from "./pages/topics";
import { segmentPages } from "./pages/segments";
import { formPages } from "./pages/forms";
import { audienceSettingsPages } from "./pages/audience-settings";
import { subscriptionRoutes } from "./public/subscriptions";
import { formRoutes } from "./public/forms";
import { createLimits } from "./public/public-json";
import { accountDataPages } from "./pages/account-data";

/**
 * The HTTP surface: the shared pipeline (errors, session, CSRF) first, then public and account
 * routes, then everything under /o/:slug with the organization resolved once per request.
 */
export function createHttpServer(app: App) {
  // Routes hang off a child of the base plugin: a group's `resolve` on the plugin instance itself
  // would be dropped by Elysia when the plugin also has a global beforeHandle (seen on 1.4.30).
  const root = new Elysia().use(createBase(app)) as unknown as Base;
  opsRoutes(root, app);
  authPages(root, app);
  homePages(root, app);
  accountPages(root, app);
  accountDataPages(root, app);
  devOutboxPages(root, app);
  publicMediaRoutes(root, app);
  controlRoutes(root, app);
  const limits = createLimits();
  subscriptionRoutes(root, app, limits);
  formRoutes(root, app, limits);
  root.group("/o/:slug", (g) => {
    const t = withTenant(g as unknown as Base, app);
    dashboardPages(t, app);
    orgSettingsPages(t, app);
    teamPages(t, app);
    featurePages(t, app);
    auditPages(t, app);
    systemPages(t, app);
    domainPages(t, app);
    mediaPages(t, app);
    deliverabilityPages(t, app);
    importPages(t, app);
    contactPages(t, app);
    topicPages(t, app);
    segmentPages(t, app);
    formPages(t, app);
    audienceSettingsPages(t, app);
    // Unknown paths still pass the organization resolver: strangers get the same 404 as members,
    // and a path that belongs to a disabled feature redirects with ?disabled=<flag>.
    t.all("/*", () => {
      throw new AppError("NOT_FOUND", "This page does not exist.");
    });
    return t;
  });
  return root;
}

export type HttpServer = ReturnType<typeof createHttpServer>;

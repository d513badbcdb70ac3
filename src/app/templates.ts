import { createTemplatesService, type TemplatesService } from "../domain/templates/service";
import type { App } from "./create-app";

declare module "./create-app" {
  interface App {
    templates: TemplatesService;
  }
}

/** Templates: the service, media usage counts, the onboarding step. */
export function installTemplates(app: App): void {
  app.templates = createTemplatesService({ clock: app.clock, audit: app.audit, settings: app.settings });
  app.media.addUsageCounter((ctx, url) => app.templates.usesUrl(ctx, url));
  app.onboarding.addStep({ id: "template", order: 3, label: "Create an email template", path: "/templates", done: (ctx) => app.templates.count(ctx) > 0 });
}

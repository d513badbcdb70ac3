import type { TenantContext } from "../context";
import type { SettingsService } from "../settings/service";
import type { Checklist, ChecklistStep } from "./model";

const DISMISSED_KEY = "onboarding.dismissed";

export function createOnboardingService(settings: SettingsService) {
  const steps: ChecklistStep[] = [];
  return {
    addStep(step: ChecklistStep): void {
      steps.push(step);
      steps.sort((a, b) => a.order - b.order);
    },
    checklist(ctx: Pick<TenantContext, "org" | "db">): Checklist {
      const evaluated = steps.map((s) => ({ id: s.id, label: s.label, path: s.path, done: s.done(ctx) }));
      const completed = evaluated.filter((s) => s.done).length;
      const dismissed = settings.orgValue<boolean>(ctx, DISMISSED_KEY) === true;
      return { steps: evaluated, completed, total: evaluated.length, dismissed, visible: !dismissed && completed < evaluated.length };
    },
    /** Hides the checklist; progress keeps being computed, so nothing is lost. */
    dismiss(ctx: Pick<TenantContext, "db">): void {
      settings.setOrgValue(ctx, DISMISSED_KEY, true);
    },
  };
}

export type OnboardingService = ReturnType<typeof createOnboardingService>;

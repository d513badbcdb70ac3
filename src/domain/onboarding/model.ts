import type { TenantContext } from "../context";

/** One "Get your instance ready" step (features.md AC-05); product areas contribute theirs. */
export interface ChecklistStep {
  id: string;
  label: string;
  /** Position in the list (AC-05 order: sending, contact, template, campaign, API key, domain). */
  order: number;
  /** Where to go to complete it, relative to /o/:slug. */
  path: string;
  done(ctx: Pick<TenantContext, "org" | "db">): boolean;
}

export interface Checklist {
  steps: { id: string; label: string; path: string; done: boolean }[];
  completed: number;
  total: number;
  dismissed: boolean;
  visible: boolean;
}

import type { RecurringJob } from "../jobs/scheduler";
import type { App } from "./create-app";

/** Recurring jobs of the core; product areas add theirs in their own files. */
export function coreRecurringJobs(app: App): RecurringJob[] {
  return [
    {
      name: "audit.retention",
      schedule: "17 3 * * *",
      description: `Delete audit log entries older than ${app.config.auditRetentionDays} days`,
      run: () => ({ deleted: app.audit.purgeOlderThan(app.config.auditRetentionDays) }),
    },
    {
      name: "auth.purge-expired",
      schedule: "7 * * * *",
      description: "Delete expired sessions and used or expired sign-in tokens",
      run: () => app.accounts.purgeExpired(),
    },
  ];
}

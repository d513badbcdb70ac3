import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { formSubmissions, forms } from "../../db/schema/tenant";
import { changes } from "../../db/open";
import type { FormOutcome } from "./model";

export type FormRow = typeof forms.$inferSelect;
export const listForms = (db: TenantDb) => db.select().from(forms).orderBy(desc(forms.createdAt)).all();
export const formById = (db: TenantDb, id: string) => db.select().from(forms).where(eq(forms.id, id)).get();
export const insertForm = (db: TenantDb, values: typeof forms.$inferInsert) => void db.insert(forms).values(values).run();
export const updateForm = (db: TenantDb, id: string, values: Partial<typeof forms.$inferInsert>) => void db.update(forms).set(values).where(eq(forms.id, id)).run();
export const deleteForm = (db: TenantDb, id: string) => void db.delete(forms).where(eq(forms.id, id)).run();

export function recordSubmission(db: TenantDb, row: typeof formSubmissions.$inferInsert, successful: boolean): void {
  db.insert(formSubmissions).values(row).run();
  db.update(forms).set({ submissionCount: sql`${forms.submissionCount} + 1`, successCount: sql`${forms.successCount} + ${successful ? 1 : 0}` }).where(eq(forms.id, row.formId)).run();
}

export function listSubmissions(db: TenantDb, formId: string, opts: { beforeId?: number; outcome?: FormOutcome; limit: number }) {
  return db.select().from(formSubmissions)
    .where(and(eq(formSubmissions.formId, formId), opts.beforeId ? lt(formSubmissions.id, opts.beforeId) : undefined, opts.outcome ? eq(formSubmissions.outcome, opts.outcome) : undefined))
    .orderBy(desc(formSubmissions.id)).limit(opts.limit).all();
}

export function outcomeCounts(db: TenantDb, formId: string): Record<string, number> {
  const rows = db.$client.query("SELECT outcome, count(*) AS n FROM form_submissions WHERE form_id = ? GROUP BY outcome").all(formId) as { outcome: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

/** FM-11: IP and user agent of submissions older than `before` are cleared. */
export function scrubMetadata(db: TenantDb, before: number): number {
  return changes(db.$client.run("UPDATE form_submissions SET ip = NULL, user_agent = NULL WHERE created_at < ? AND (ip IS NOT NULL OR user_agent IS NOT NULL)", [before]));
}

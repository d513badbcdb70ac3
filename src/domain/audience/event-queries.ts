import { and, desc, eq, lt } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { emailEvents, formSubmissions } from "../../db/schema/tenant";
import type { EmailEventType } from "./model";

export interface EmailEventRow {
  contactId: number;
  type: EmailEventType;
  campaignId?: string | null;
  sendId?: string | null;
  link?: string | null;
  detail?: string | null;
  occurredAt: number;
}

export function eventsOf(db: TenantDb, contactId: number, before: number, limit: number) {
  return db.select().from(emailEvents).where(and(eq(emailEvents.contactId, contactId), lt(emailEvents.occurredAt, before)))
    .orderBy(desc(emailEvents.occurredAt), desc(emailEvents.id)).limit(limit).all();
}

export function submissionsOf(db: TenantDb, contactId: number, limit: number) {
  return db.select().from(formSubmissions).where(eq(formSubmissions.contactId, contactId)).orderBy(desc(formSubmissions.id)).limit(limit).all();
}

/** One prepared insert per row inside the caller's transaction. */
export function insertEmailEvents(db: TenantDb, rows: EmailEventRow[]): void {
  const insert = db.$client.query("INSERT INTO email_events (contact_id, type, campaign_id, send_id, link, detail, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const r of rows) insert.run(r.contactId, r.type, r.campaignId ?? null, r.sendId ?? null, r.link ?? null, r.detail ?? null, r.occurredAt);
}

/**
 * Applies the denormalised effects of events to contact rows: first open/click stamps, the engagement
 * clock, the soft-bounce streak (reset by a delivery). Returns contacts whose index document changes
 * and the addresses whose soft-bounce streak reached `limit`.
 */
export function applyEventEffects(db: TenantDb, rows: EmailEventRow[], limit: number): { reindex: number[]; streakReached: number[] } {
  const c = db.$client;
  const opened = c.query("UPDATE contacts SET last_opened_at = max(coalesce(last_opened_at, 0), ?1), last_engaged_at = max(coalesce(last_engaged_at, 0), ?1) WHERE id = ?2");
  const clicked = c.query("UPDATE contacts SET last_clicked_at = max(coalesce(last_clicked_at, 0), ?1), last_engaged_at = max(coalesce(last_engaged_at, 0), ?1) WHERE id = ?2");
  const firstFlag = c.query("SELECT last_opened_at AS o, last_clicked_at AS k FROM contacts WHERE id = ?");
  const soft = c.query("UPDATE contacts SET soft_bounce_streak = soft_bounce_streak + 1 WHERE id = ? RETURNING soft_bounce_streak AS n");
  const reset = c.query("UPDATE contacts SET soft_bounce_streak = 0 WHERE id = ? AND soft_bounce_streak > 0");
  const reindex = new Set<number>();
  const streakReached: number[] = [];
  for (const r of rows) {
    if (r.type === "opened" || r.type === "clicked") {
      const before = firstFlag.get(r.contactId) as { o: number | null; k: number | null } | null;
      if (!before) continue;
      (r.type === "opened" ? opened : clicked).run(r.occurredAt, r.contactId);
      if ((r.type === "opened" && !before.o) || (r.type === "clicked" && !before.k)) reindex.add(r.contactId);
    } else if (r.type === "soft_bounced") {
      const n = (soft.get(r.contactId) as { n: number } | null)?.n ?? 0;
      if (n === limit) streakReached.push(r.contactId);
    } else if (r.type === "delivered") reset.run(r.contactId);
  }
  return { reindex: [...reindex], streakReached };
}

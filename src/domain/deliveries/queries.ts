import { desc, eq, inArray, sql } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { mailEvents } from "../../db/schema/tenant/deliveries";
import type { DeliveryEvent } from "./model";

export type MailEventRow = typeof mailEvents.$inferSelect;

/** Inserts events, ignoring ones already stored (the engine delivers events at least once); returns the new ones. */
export function insertNew(db: TenantDb, events: DeliveryEvent[]): DeliveryEvent[] {
  const fresh: DeliveryEvent[] = [];
  db.transaction((tx) => {
    for (const e of events) {
      const r = tx.insert(mailEvents).values({
        eventId: e.eventId, messageId: e.messageId, recipient: e.recipient.toLowerCase(), type: e.type, class: e.class, reason: e.reason,
        replyCode: e.reply?.code ?? null, replyEnhanced: e.reply?.enhanced ?? null, replyText: e.reply?.text?.slice(0, 1000) ?? null,
        mx: e.mx, egressIp: e.egressIp, attempt: e.attempt, source: e.source ?? null, at: e.at,
      }).onConflictDoNothing().run() as unknown as { changes: number };
      if (r.changes === 1) fresh.push(e);
    }
  });
  return fresh;
}

export const recentEvents = (db: TenantDb, types: string[], limit: number) =>
  db.select().from(mailEvents).where(inArray(mailEvents.type, types)).orderBy(desc(mailEvents.at)).limit(limit).all();

/** The last `n` final outcomes (delivered, bounced, complained), newest first. */
export const lastOutcomes = (db: TenantDb, n: number) =>
  db.select({ type: mailEvents.type, class: mailEvents.class }).from(mailEvents)
    .where(inArray(mailEvents.type, ["delivered", "bounced", "complained"])).orderBy(desc(mailEvents.at)).limit(n).all();

export const countsSince = (db: TenantDb, since: number) =>
  db.select({ type: mailEvents.type, n: sql<number>`count(*)` }).from(mailEvents).where(sql`${mailEvents.at} >= ${since}`).groupBy(mailEvents.type).all();

export const eventsOfMessage = (db: TenantDb, messageId: string) =>
  db.select().from(mailEvents).where(eq(mailEvents.messageId, messageId)).orderBy(mailEvents.at).all();

import { desc, eq } from "drizzle-orm";
import type { SystemDb } from "../../db/system";
import { devOutbox } from "../../db/schema/system";
import { newId } from "../../lib/ids";
import type { Clock } from "../../lib/time";
import type { Mailer } from "./model";

/** --dev mode: mail is written to the dev outbox (viewable at /dev/outbox) instead of being sent. */
export function createOutboxMailer(db: SystemDb, clock: Clock): Mailer {
  return {
    kind: "dev-outbox",
    async send(message) {
      const id = newId();
      db.insert(devOutbox)
        .values({ id, to: message.to, subject: message.subject, text: message.text, html: message.html ?? null, createdAt: clock.now() })
        .run();
      return { messageId: `<${id}@dev-outbox>` };
    },
  };
}

export type OutboxMessage = typeof devOutbox.$inferSelect;

export function listOutbox(db: SystemDb, limit = 100): OutboxMessage[] {
  return db.select().from(devOutbox).orderBy(desc(devOutbox.createdAt)).limit(limit).all();
}

export function getOutboxMessage(db: SystemDb, id: string): OutboxMessage | undefined {
  return db.select().from(devOutbox).where(eq(devOutbox.id, id)).get();
}

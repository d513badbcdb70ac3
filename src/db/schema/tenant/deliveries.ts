import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

/** What the MTA reported for each message and recipient (delivered, deferred, bounced, complained, …). */
export const mailEvents = sqliteTable(
  "mail_events",
  {
    eventId: text("event_id").primaryKey(),
    messageId: text("message_id").notNull(),
    recipient: text("recipient").notNull(),
    type: text("type").notNull(),
    class: text("class").notNull(),
    reason: text("reason").notNull(),
    replyCode: integer("reply_code"),
    replyEnhanced: text("reply_enhanced"),
    replyText: text("reply_text"),
    mx: text("mx"),
    egressIp: text("egress_ip"),
    attempt: integer("attempt").notNull(),
    source: text("source"),
    at: integer("at").notNull(),
  },
  (t) => [index("mail_events_at").on(t.at), index("mail_events_type_at").on(t.type, t.at), index("mail_events_message").on(t.messageId), index("mail_events_recipient").on(t.recipient, t.at)],
);

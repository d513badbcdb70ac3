import type { Config } from "../config/schema";
import type { SystemDb } from "../db/system";
import type { Clock } from "../lib/time";
import type { Mailer } from "../domain/mail/model";
import { createSmtpRelayMailer } from "../domain/mail/smtp-relay-mailer";
import { createOutboxMailer } from "../domain/mail/outbox-mailer";
import { refusingMailer } from "../domain/mail/refusing-mailer";

/** SMTP relay when configured; otherwise the dev outbox in --dev mode; otherwise refuse with a clear error. */
export function mailerFromConfig(config: Config, db: SystemDb, clock: Clock): Mailer {
  if (config.smtpHost) {
    return createSmtpRelayMailer({
      host: config.smtpHost,
      port: config.smtpPort,
      tls: config.smtpTls as "starttls" | "implicit" | "none",
      user: config.smtpUser,
      password: config.smtpPassword,
      from: config.mailFrom,
    });
  }
  return config.dev ? createOutboxMailer(db, clock) : refusingMailer;
}

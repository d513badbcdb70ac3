import type { Config } from "../config/schema";
import type { SystemDb } from "../db/system";
import type { Clock } from "../lib/time";
import type { Mailer } from "../domain/mail/model";
import { createSmtpRelayMailer } from "../domain/mail/smtp-relay-mailer";
import { createOutboxMailer } from "../domain/mail/outbox-mailer";
import { refusingMailer } from "../domain/mail/refusing-mailer";

/**
 * System mail without the built-in MTA: the dev outbox in --dev mode, else the SMTP relay when the
 * MTA is off and a relay is configured, else refused with a clear error. (With the MTA on and not in
 * --dev mode, createApp replaces this with the MTA mailer.)
 */
export function mailerFromConfig(config: Config, db: SystemDb, clock: Clock): Mailer {
  if (config.dev) return createOutboxMailer(db, clock);
  if (config.mta === "off" && config.smtpHost) {
    return createSmtpRelayMailer({
      host: config.smtpHost,
      port: config.smtpPort,
      tls: config.smtpTls as "starttls" | "implicit" | "none",
      user: config.smtpUser,
      password: config.smtpPassword,
      from: config.mailFrom,
    });
  }
  return refusingMailer;
}

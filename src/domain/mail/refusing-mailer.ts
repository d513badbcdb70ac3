import { AppError } from "../../lib/errors";
import type { Mailer } from "./model";

/** Used when no transport is configured: mail is refused with a message that says how to fix it. */
export const refusingMailer: Mailer = {
  kind: "none",
  async send() {
    throw new AppError(
      "MAIL_NOT_CONFIGURED",
      "No mail transport is configured, so this email was not sent. Set OWLAT_SMTP_HOST (see `owlat config docs`) or start with --dev to capture mail in the dev outbox.",
    );
  },
};

import type { Mta } from "../../mta/index";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Mailer } from "../domain/mail/model";

export const SYSTEM_TENANT = "system";

/** System mail through the built-in MTA: composed once (nodemailer's MailComposer), enqueued durably. */
export function createMtaMailer(mta: () => Mta, from: string, ehlo: string): Mailer {
  return {
    kind: "mta",
    async send(message) {
      const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
      if (values.some((v) => /[\r\n]/.test(v))) throw new AppError("INVALID_INPUT", "Mail header values must not contain line breaks.");
      const id = newId();
      const messageId = `<${id}@${ehlo}>`;
      // nodemailer's composer is loaded with the first system mail, not at process start.
      const [{ default: MailComposer }, { default: addressparser }] = await Promise.all([import("nodemailer/lib/mail-composer"), import("nodemailer/lib/addressparser")]);
      const raw = await new MailComposer({ from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers, messageId }).compile().build();
      const envelopeFrom = (addressparser(from)[0] as { address?: string } | undefined)?.address ?? from;
      const result = await mta().enqueue([{ id, tenant: SYSTEM_TENANT, from: envelopeFrom, to: message.to, raw, pool: "transactional" }]);
      const problem = result.rejected[0];
      if (problem) throw new AppError("MAIL_FAILED", `The message was not queued: ${problem.field} ${problem.error}.`);
      return { messageId };
    },
  };
}

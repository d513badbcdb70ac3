import type { MailMessage } from "../mail/model";

/** Plain, short account mails. Links are absolute and carry single-use tokens. */
export function passwordResetMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Reset your Owlat password",
    text: `Someone asked to reset the password of your Owlat account.\n\nSet a new password here (the link works once, for 1 hour):\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.`,
  };
}

export function emailChangeMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Confirm your new email address",
    text: `Confirm that this address should become the sign-in email of your Owlat account:\n${link}\n\nThe link works once, for 24 hours. If you did not ask for this, ignore this email.`,
  };
}

/** The port every system-mail sender goes through (auth mail, invitations, confirmations, test sends). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers; values must not contain CR or LF. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** "smtp-relay", "mta", "dev-outbox" or "none". */
  readonly kind: string;
  send(message: MailMessage): Promise<{ messageId: string }>;
}

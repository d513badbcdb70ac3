import type { Transporter } from "nodemailer";
import { AppError } from "../../lib/errors";
import type { Mailer, MailMessage } from "./model";

export interface SmtpRelayOptions {
  host: string;
  port: number;
  tls: "starttls" | "implicit" | "none";
  user?: string;
  password?: string;
  from: string;
  /** Accept self-signed certificates (tests against a local relay). */
  allowInvalidCertificates?: boolean;
}

function assertHeaderSafe(message: MailMessage): void {
  const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
  if (values.some((v) => /[\r\n]/.test(v))) throw new AppError("INVALID_INPUT", "Mail header values must not contain line breaks.");
}

/** Delivers system mail through an SMTP relay (nodemailer). */
export function createSmtpRelayMailer(opts: SmtpRelayOptions): Mailer {
  // nodemailer is loaded with the first message, not at process start.
  let transport: Transporter | null = null;
  const makeTransport = async () => (await import("nodemailer")).default.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.tls === "implicit",
    requireTLS: opts.tls === "starttls",
    ignoreTLS: opts.tls === "none",
    auth: opts.user ? { user: opts.user, pass: opts.password ?? "" } : undefined,
    tls: opts.allowInvalidCertificates ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "smtp-relay",
    async send(message) {
      assertHeaderSafe(message);
      try {
        transport ??= await makeTransport();
        const info = await transport.sendMail({
          from: opts.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        });
        return { messageId: info.messageId };
      } catch (e) {
        throw new AppError("MAIL_FAILED", `The mail relay ${opts.host}:${opts.port} did not accept the message: ${(e as Error).message}`);
      }
    },
  };
}

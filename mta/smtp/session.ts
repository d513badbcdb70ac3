import { isIP } from "node:net";
import type SMTPConnection from "nodemailer/lib/smtp-connection";
// nodemailer's SMTP client is loaded with the first connection, not at process start.
let connectionModule: Promise<typeof import("./fast-connection.ts")> | null = null;
const loadConnection = () => (connectionModule ??= import("./fast-connection.ts"));
import type { AttemptResult, Phase } from "../classify/outcome.ts";
import type { SmtpReply } from "../types.ts";
import { parseReply } from "./reply.ts";

export interface Timeouts {
  connectMs: number;
  greetingMs: number;
  /** Inactivity while waiting for any reply (covers slow DATA answers and tarpits). */
  socketMs: number;
}

export interface SessionOptions {
  /** Address to connect to. */
  address: string;
  port: number;
  /** MX host name: SNI and certificate name. */
  hostname: string;
  localAddress?: string;
  ehlo: string;
  /** opportunistic: STARTTLS when offered, any certificate; required: STARTTLS or fail; verify: required + valid certificate. */
  tls: "opportunistic" | "required" | "verify" | "none";
  /** Implicit TLS from the first byte (port 465 smarthosts). */
  secure?: boolean;
  auth?: { user: string; pass: string };
  timeouts: Timeouts;
}

type NmError = Error & { code?: string; responseCode?: number; response?: string; command?: string };

function phaseOf(err: NmError, fallback: Phase): Phase {
  const cmd = (err.command ?? "").toUpperCase();
  if (err.code === "ETLS" || cmd === "STARTTLS") return "tls";
  if (cmd.startsWith("MAIL")) return "mail";
  if (cmd.startsWith("RCPT")) return "rcpt";
  if (cmd === "DATA") return err.code === "EMESSAGE" ? "message" : "data";
  if (cmd === "EHLO" || cmd === "HELO") return "ehlo";
  return fallback;
}

function failure(err: NmError, fallback: Phase): AttemptResult {
  const reply: SmtpReply | null = err.responseCode ? parseReply(err.response) : null;
  return { ok: false, phase: phaseOf(err, fallback), reply, detail: err.message.slice(0, 300) };
}

/** One SMTP connection (nodemailer's SMTPConnection: PIPELINING, 8BITMIME, SMTPUTF8, STARTTLS). */
export class SmtpSession {
  messages = 0;
  usable = true;
  readonly openedAt = Date.now();
  private constructor(
    private readonly conn: SMTPConnection,
    readonly options: SessionOptions,
  ) {
    conn.on("error", () => {
      this.usable = false;
    });
    conn.on("end", () => {
      this.usable = false;
    });
  }

  get secure(): boolean {
    return this.conn.secure;
  }

  supports(ext: string): boolean {
    return ((this.conn as unknown as { _supportedExtensions?: string[] })._supportedExtensions ?? []).includes(ext);
  }

  static async open(o: SessionOptions): Promise<SmtpSession | AttemptResult> {
    const { FastSMTPConnection } = await loadConnection();
    const verify = o.tls === "verify";
    const sni = isIP(o.hostname) ? undefined : o.hostname;
    const conn = new FastSMTPConnection({
      host: o.address,
      port: o.port,
      secure: o.secure ?? false,
      servername: sni,
      name: o.ehlo,
      localAddress: o.localAddress,
      requireTLS: o.tls === "required" || verify,
      ignoreTLS: o.tls === "none",
      opportunisticTLS: o.tls === "opportunistic",
      connectionTimeout: o.timeouts.connectMs,
      greetingTimeout: o.timeouts.greetingMs,
      socketTimeout: o.timeouts.socketMs,
      socketCloseTimeout: 0,
      tls: { rejectUnauthorized: verify, minVersion: "TLSv1.2", servername: sni },
      logger: false,
    });
    return new Promise((resolve) => {
      let settled = false;
      const done = (v: SmtpSession | AttemptResult) => {
        if (settled) return;
        settled = true;
        resolve(v);
      };
      conn.on("error", (err: NmError) => done(failure(err, "connect")));
      conn.connect((err?: NmError) => {
        if (err) return done(failure(err, "connect"));
        if (!o.auth) return done(new SmtpSession(conn, o));
        conn.login({ user: o.auth.user, pass: o.auth.pass }, (authErr) => {
          if (authErr) {
            conn.close();
            return done({ ok: false, phase: "auth", reply: parseReply((authErr as NmError).response), detail: `AUTH failed: ${authErr.message}` });
          }
          done(new SmtpSession(conn, o));
        });
      });
    });
  }

  /** One transaction; the connection stays usable after a clean MAIL/RCPT/DATA refusal (RSET). */
  send(from: string, to: string, message: Uint8Array, eightBit: boolean): Promise<AttemptResult> {
    this.messages++;
    return new Promise((resolve) => {
      this.conn.send({ from, to: [to], size: message.length, use8BitMime: eightBit }, Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength), (err, info) => {
        if (!err) return resolve({ ok: true, reply: parseReply(info?.response) ?? { code: 250, enhanced: null, text: "" } });
        const e = err as NmError;
        const result = failure(e, "message");
        const clean = (e.code === "EENVELOPE" || e.code === "EMESSAGE") && e.responseCode && e.responseCode !== 421;
        if (!clean || !this.usable) {
          this.usable = false;
          this.conn.close();
          return resolve(result);
        }
        this.conn.reset((resetErr) => {
          if (resetErr) {
            this.usable = false;
            this.conn.close();
          }
          resolve(result);
        });
      });
    });
  }

  quit(): void {
    this.usable = false;
    try {
      this.conn.quit();
    } catch {
      this.conn.close();
    }
    setTimeout(() => this.conn.close(), 2000).unref?.();
  }

  close(): void {
    this.usable = false;
    this.conn.close();
  }
}

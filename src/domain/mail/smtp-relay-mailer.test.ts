import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { createSmtpRelayMailer } from "./smtp-relay-mailer";
import { refusingMailer } from "./refusing-mailer";

interface Received { from: string; to: string[]; raw: string; user?: string; secure: boolean }
const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "relay-user" && auth.password === "relay-pass") return cb(null, { user: auth.username });
      return cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
          user: session.user as string | undefined,
          secure: session.secure,
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("SMTP relay mailer", () => {
  test("delivers over STARTTLS with AUTH to a real SMTP server", async () => {
    const mailer = createSmtpRelayMailer({ host: "127.0.0.1", port, tls: "starttls", user: "relay-user", password: "relay-pass", from: "Owlat <noreply@example.com>", allowInvalidCertificates: true });
    const r = await mailer.send({ to: "ada@example.com", subject: "Reset your password", text: "Use this link: https://x/reset/abc" });
    expect(r.messageId).toMatch(/^<.+>$/);
    const got = received.at(-1)!;
    expect(got.secure).toBe(true);
    expect(got.user).toBe("relay-user");
    expect(got.from).toBe("noreply@example.com");
    expect(got.to).toEqual(["ada@example.com"]);
    expect(got.raw).toContain("Subject: Reset your password");
    expect(got.raw).toContain("https://x/reset/abc");
  });

  test("a refused login is a clear MAIL_FAILED error naming the relay", async () => {
    const mailer = createSmtpRelayMailer({ host: "127.0.0.1", port, tls: "starttls", user: "relay-user", password: "wrong", from: "noreply@example.com", allowInvalidCertificates: true });
    await expect(mailer.send({ to: "a@example.com", subject: "x", text: "x" })).rejects.toMatchObject({ code: "MAIL_FAILED", message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  test("header injection is refused before anything is sent", async () => {
    const before = received.length;
    const mailer = createSmtpRelayMailer({ host: "127.0.0.1", port, tls: "starttls", user: "relay-user", password: "relay-pass", from: "noreply@example.com", allowInvalidCertificates: true });
    await expect(mailer.send({ to: "a@example.com", subject: "hi\r\nBcc: victim@example.com", text: "x" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(received.length).toBe(before);
  });

  test("without a transport, mail is refused with a message that says what to configure", async () => {
    await expect(refusingMailer.send({ to: "a@example.com", subject: "x", text: "x" })).rejects.toMatchObject({ code: "MAIL_NOT_CONFIGURED", message: expect.stringContaining("OWLAT_SMTP_HOST") });
  });
});

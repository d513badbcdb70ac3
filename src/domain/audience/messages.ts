import type { MailMessage } from "../mail/model";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

/** The double opt-in confirmation (TP-10): one link, valid 7 days. */
export function doiMail(p: { to: string; firstName: string; org: string; topics: string[]; link: string }): MailMessage {
  const org = oneLine(p.org);
  const what = p.topics.length ? `: ${p.topics.join(", ")}` : "";
  const hello = p.firstName ? `Hi ${oneLine(p.firstName)},` : "Hi,";
  const text = `${hello}\n\nPlease confirm that you want to receive email from ${org}${what}.\n\nConfirm your subscription:\n${p.link}\n\nThe link is valid for 7 days. If you did not sign up, ignore this email and you will not hear from us.`;
  const html = `<p>${esc(hello)}</p><p>Please confirm that you want to receive email from ${esc(org)}${esc(what)}.</p>` +
    `<p><a href="${esc(p.link)}">Confirm your subscription</a></p><p>The link is valid for 7 days. If you did not sign up, ignore this email and you will not hear from us.</p>`;
  return { to: p.to, subject: `Confirm your subscription to ${org}`, text, html };
}

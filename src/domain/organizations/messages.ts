import type { MailMessage } from "../mail/model";

export function invitationMail(to: string, orgName: string, inviter: string, link: string): MailMessage {
  return {
    to,
    subject: `You are invited to ${orgName} on Owlat`,
    text: `${inviter} invited you to join ${orgName} on Owlat.\n\nAccept the invitation (valid for 7 days):\n${link}`,
  };
}

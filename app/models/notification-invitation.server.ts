// The invitation link e-mailed to the address the inviter typed (ADR 016). Sent at once through
// the mailer (SMTP when configured), like password resets: the raw token exists only now. A mail
// server that refuses is reported to the inviter, who still has the link to pass on.
import { renderInvitationMail } from '#app/domain/notifications/templates.ts';
import { getMailer } from '#app/integrations/mailer.server.ts';

export async function sendInvitationMail(options: {
  to: string;
  organisationName: string;
  roleLabel: string;
  householdName: string | null;
  inviterName: string;
  link: string;
  expiresAt: Date;
}): Promise<{ sent: boolean }> {
  const { to, ...content } = options;
  try {
    await getMailer().send({ to, ...renderInvitationMail(content) });
    return { sent: true };
  } catch (error) {
    console.warn(`[mail] invitation à ${to} non envoyée :`, error);
    return { sent: false };
  }
}

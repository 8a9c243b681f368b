import type { OutgoingEmail } from './mailer.ts';

export interface Links {
  confirmUrl: string;
  unsubscribeUrl: string;
}

const footer = (unsubscribeUrl: string) =>
  [
    '',
    '--',
    'rxsafety keeps only your email address, your topics and your consent, and shares them with no one.',
    `Unsubscribe (or erase your address) in one click: ${unsubscribeUrl}`,
  ].join('\n');

/** The double opt-in email: nothing is sent to this address again unless the link is used. */
export function confirmationEmail(to: string, links: Links, expiresAt: Date): OutgoingEmail {
  return {
    to,
    subject: 'Confirm your rxsafety updates',
    text: [
      'Someone (we hope you) asked for updates about the rxsafety baclofen guide.',
      '',
      `To confirm, open this link before ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC:`,
      links.confirmUrl,
      '',
      'If it was not you, ignore this email: the request is deleted after 7 days and you will hear nothing more.',
      footer(links.unsubscribeUrl),
    ].join('\n'),
    listUnsubscribeUrl: links.unsubscribeUrl,
  };
}

/** Sent when a confirmed address signs up again: no new consent is needed, and nothing is revealed to the requester. */
export function alreadySubscribedEmail(to: string, unsubscribeUrl: string): OutgoingEmail {
  return {
    to,
    subject: 'You already get rxsafety updates',
    text: [
      'Someone asked for rxsafety updates for this address, which is already signed up. Nothing has changed.',
      footer(unsubscribeUrl),
    ].join('\n'),
    listUnsubscribeUrl: unsubscribeUrl,
  };
}

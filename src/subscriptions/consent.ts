/**
 * The exact consent wording shown beside the (unticked) box. Changing a word means a new version id:
 * each row stores the version and the words the person actually saw, with the time they agreed.
 */
export const CONSENT = {
  version: 'updates-2026-01',
  text:
    'Yes, email me when the rxsafety baclofen guide or its safety information changes. ' +
    'rxsafety keeps only my email address, the topics I chose and this consent; it never shares them with anyone. ' +
    'Every email has a one-click unsubscribe link, and I can ask for my address to be erased at any time.',
} as const;

/** Topics a person can sign up for; the guide is the only one so far. */
export const TOPICS = ['baclofen'] as const;
export type Topic = (typeof TOPICS)[number];

import type { Feature } from '../web/context.ts';

/** Placeholder until the subscriptions issue lands; see docs/ARCHITECTURE.md. */
export const subscriptionsFeature: Feature = {
  name: 'subscriptions',
  register() {},
};

import type { Feature } from '../web/context.ts';

/** Placeholder until the interactions issue lands; see docs/ARCHITECTURE.md. */
export const interactionsFeature: Feature = {
  name: 'interactions',
  register() {},
};

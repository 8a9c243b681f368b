import type { Feature } from '../web/context.ts';

/** Placeholder until the screening issue lands; see docs/ARCHITECTURE.md. */
export const screeningFeature: Feature = {
  name: 'screening',
  register() {},
};

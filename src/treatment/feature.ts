import type { Feature } from '../web/context.ts';

/** Placeholder until the treatment issue lands; see docs/ARCHITECTURE.md. */
export const treatmentFeature: Feature = {
  name: 'treatment',
  register() {},
};

import type { Feature } from '../web/context.ts';

/** Placeholder until the plans issue lands; see docs/ARCHITECTURE.md. */
export const plansFeature: Feature = {
  name: 'plans',
  register() {},
};

import type { Feature } from '../web/context.ts';

/** Placeholder until the guide issue lands; see docs/ARCHITECTURE.md. */
export const guideFeature: Feature = {
  name: 'guide',
  register() {},
};

import type { Feature } from '../web/context.ts';

/** Placeholder until the guard issue lands; see docs/ARCHITECTURE.md. */
export const guardFeature: Feature = {
  name: 'guard',
  register() {},
};

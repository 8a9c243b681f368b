import type { Feature } from '../web/context.ts';
import { guideCacheFor } from './guide-cache.ts';
import { registerGuideRoutes } from './http/pages.tsx';

/** The PDF guide built from the drug content, and its page with the optional sign-up form. */
export const guideFeature: Feature = {
  name: 'guide',
  register(app, deps) {
    registerGuideRoutes(app, deps, guideCacheFor(deps));
  },
};

import type { Feature } from '../web/context.ts';
import { guideCacheFor } from './guide-cache.ts';
import { guideDrugIds } from './guide-content.ts';
import { registerGuideRoutes } from './http/pages.tsx';

/** The PDF guide built from the drug content, and its page with the optional sign-up form. */
export const guideFeature: Feature = {
  name: 'guide',
  register(app, deps) {
    registerGuideRoutes(app, deps, guideCacheFor(deps));
  },
  // The guide's page and the PDF itself, which search engines index too.
  publicPages: ({ kb }) => guideDrugIds(kb).flatMap((id) => [{ path: `/guides/${id}` }, { path: `/guides/${id}.pdf` }]),
};

import type { Feature } from '../web/context.ts';
import { FacilityFinder } from './finder.ts';
import { registerTreatmentApi } from './http/api.ts';
import { registerTreatmentPages } from './http/pages.tsx';
import { FacilityRepository } from './repository.ts';

/** The treatment finder: facility search API and page, and the administrator's import endpoint. */
export const treatmentFeature: Feature = {
  name: 'treatment',
  async register(app, deps) {
    const finder = new FacilityFinder(new FacilityRepository(deps.database.db));
    // Built once at start-up; afterwards each query checks (at most every few seconds) for imports.
    await finder.rebuild();
    registerTreatmentApi(app, deps, finder);
    registerTreatmentPages(app, deps, finder);
  },
  publicPages: () => [{ path: '/treatment' }],
};

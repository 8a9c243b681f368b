import type { Feature } from '../web/context.ts';
import { registerPlansApi } from './http/api.ts';
import { registerPlansPages } from './http/pages.tsx';
import { loadPlanRules } from './rules.ts';

/** Dose plans: titration and taper API, downloads (iCalendar, FHIR) and the /plans page. */
export const plansFeature: Feature = {
  name: 'plans',
  register(app, deps) {
    // Loaded at start-up so a broken rules file stops the server, naming the file and field.
    const rules = loadPlanRules(deps.config.CONTENT_DIR, deps.kb);
    registerPlansApi(app, deps.kb, rules);
    registerPlansPages(app, deps.kb, rules);
  },
  publicPages: () => [{ path: '/plans' }],
};

import type { Feature } from '../web/context.ts';
import { registerScreeningApi } from './http/api.ts';
import { registerScreeningPages } from './http/pages.tsx';
import { INSTRUMENT_IDS, loadInstruments } from './instruments.ts';

/**
 * Self-checks: AUDIT, AUDIT-C, the baclofen misuse checklist and the withdrawal and overdose check.
 * Answers are health data: they are never stored, logged or sent anywhere; the request logger
 * records only method, route and status.
 */
export const screeningFeature: Feature = {
  name: 'screening',
  register(app, deps) {
    const instruments = loadInstruments(deps.config.CONTENT_DIR, new Set(deps.kb.sources.keys()));
    registerScreeningApi(app, deps, instruments);
    registerScreeningPages(app, deps, instruments);
  },
  publicPages: () => [{ path: '/check' }, ...INSTRUMENT_IDS.map((id) => ({ path: `/check/${id}` }))],
};

import type { Feature } from '../web/context.ts';
import { registerCdsHooks } from './cds/routes.ts';
import { InteractionChecker } from './engine.ts';
import { registerInteractionsApi } from './http/api.ts';
import { registerInteractionPages } from './http/pages.tsx';
import { loadInteractionRules } from './load-rules.ts';

/** The interaction checker: rules from content/interactions, its API, page and CDS Hooks service. */
export const interactionsFeature: Feature = {
  name: 'interactions',
  async register(app, deps) {
    // Loaded once at start-up: a broken rule file throws ContentError and stops the server, like other content.
    const checker = new InteractionChecker(deps.kb, loadInteractionRules(deps.config.CONTENT_DIR, deps.kb));
    registerInteractionsApi(app, checker);
    registerInteractionPages(app, deps.kb, checker);
    await registerCdsHooks(app, deps, checker);
  },
};

import type { AppDeps, Feature } from '../web/context.ts';
import { registerCdsHooks } from './cds/routes.ts';
import { InteractionChecker } from './engine.ts';
import { registerInteractionsApi } from './http/api.ts';
import { registerInteractionPages } from './http/pages.tsx';
import { loadInteractionRules } from './load-rules.ts';

const checkers = new WeakMap<AppDeps, InteractionChecker>();

/**
 * The app's one checker. Rules are loaded once at start-up: a broken rule file throws ContentError
 * and stops the server, like other content.
 */
function checkerFor(deps: AppDeps): InteractionChecker {
  let checker = checkers.get(deps);
  if (!checker) checkers.set(deps, (checker = new InteractionChecker(deps.kb, loadInteractionRules(deps.config.CONTENT_DIR, deps.kb))));
  return checker;
}

/** The interaction checker: rules from content/interactions, its API, page and CDS Hooks service. */
export const interactionsFeature: Feature = {
  name: 'interactions',
  async register(app, deps) {
    const checker = checkerFor(deps);
    registerInteractionsApi(app, checker);
    registerInteractionPages(app, deps.kb, checker);
    await registerCdsHooks(app, deps, checker);
  },
  // The checker's page, and each rule's page (what a search for "baclofen and tramadol" should find).
  publicPages: (deps) => [{ path: '/interactions' }, ...checkerFor(deps).rules.map((rule) => ({ path: `/interactions/rules/${rule.id}` }))],
};

import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { InteractionChecker } from './engine.ts';
import { loadInteractionRules } from './load-rules.ts';

let cached: { kb: KnowledgeBase; checker: InteractionChecker } | undefined;

/** The real content/ and its rules, loaded once per test process. */
export function realContent(): { kb: KnowledgeBase; rules: InteractionChecker['rules'] } {
  if (!cached) {
    const kb = KnowledgeBase.fromDirectory('content');
    cached = { kb, checker: new InteractionChecker(kb, loadInteractionRules('content', kb)) };
  }
  return { kb: cached.kb, rules: cached.checker.rules };
}

/** The checker over the real content/, built once per test process. */
export function realChecker(): InteractionChecker {
  realContent();
  return cached!.checker;
}

import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { InteractionChecker } from './engine.ts';
import { loadInteractionRules } from './load-rules.ts';

let cached: InteractionChecker | undefined;
/** The checker over the real content/, built once per test process. */
export function realChecker(): InteractionChecker {
  if (!cached) {
    const kb = KnowledgeBase.fromDirectory('content');
    cached = new InteractionChecker(kb, loadInteractionRules('content', kb));
  }
  return cached;
}

import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Plan, PlanRequest } from './plan.ts';
import { intrathecalRefusal, planRefusal } from './refusals.ts';
import type { PlanRules } from './rules.ts';
import { buildTaper } from './taper.ts';
import { buildTitration } from './titration.ts';

export type PlanKind = Plan['kind'];

/** Finds the rules for the named drug (any name the knowledge base resolves: "Lioresal" too). */
export function rulesFor(allRules: ReadonlyMap<string, PlanRules>, kb: KnowledgeBase, drugName: string): PlanRules {
  const direct = allRules.get(drugName.trim().toLowerCase());
  if (direct) return direct;
  const resolution = kb.resolveDrug(drugName);
  const rules = resolution.ok ? allRules.get(resolution.drug.id) : undefined;
  if (rules) return rules;
  const known = [...allRules.keys()];
  throw planRefusal('drug-not-supported', `drug: rxsafety makes dose plans only for ${known.join(', ')}; "${drugName}" has no plan rules.`, [], { field: 'drug', supported: known });
}

/** The one entry point the API, page and CLI share. */
export function buildPlan(kind: PlanKind, request: PlanRequest, allRules: ReadonlyMap<string, PlanRules>, kb: KnowledgeBase): Plan {
  const rules = rulesFor(allRules, kb, request.drug);
  if (request.route === 'intrathecal') throw intrathecalRefusal(rules, kb.content.crisisLines);
  return kind === 'titration' ? buildTitration(request, rules) : buildTaper(request, rules);
}

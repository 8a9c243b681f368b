import { join } from 'node:path';
import { IssueCollector, readYamlDir } from '../knowledge/content-files.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { InteractionRulesFileSchema, type InteractionRule, type RuleSide } from './rules-schema.ts';

/**
 * Reads and validates content/interactions/*.yaml against the knowledge base: every drug, class and
 * source a rule names must exist. Throws ContentError listing every problem (file, field, expected),
 * so a broken rule stops start-up like any other broken content.
 */
export function loadInteractionRules(contentDir: string, kb: KnowledgeBase): InteractionRule[] {
  const issues = new IssueCollector(contentDir);
  const files = readYamlDir(join(contentDir, 'interactions'), InteractionRulesFileSchema, issues);
  const seen = new Map<string, string>();
  const rules: InteractionRule[] = [];
  for (const { file, value } of files) {
    value.rules.forEach((rule, ri) => {
      const field = `rules.${ri}`;
      const earlier = seen.get(rule.id);
      if (earlier) issues.add(file, `${field}.id`, `duplicate rule id "${rule.id}" (also in ${earlier})`);
      seen.set(rule.id, issues.display(file));
      rule.between.forEach((side, si) => checkSide(side, `${field}.between.${si}`));
      rule.sources.forEach((sid, i) => {
        if (!kb.sources.has(sid)) issues.add(file, `${field}.sources.${i}`, `unknown source "${sid}" (expected a file content/sources/${sid}.yaml)`);
      });
      rules.push(rule);

      function checkSide(side: RuleSide, sideField: string) {
        if ('drug' in side && !kb.drugs.has(side.drug)) {
          issues.add(file, `${sideField}.drug`, `unknown drug "${side.drug}" (expected a file content/drugs/${side.drug}.yaml)`);
        }
        if ('class' in side && !kb.classes.has(side.class)) {
          issues.add(file, `${sideField}.class`, `unknown class "${side.class}" (expected one listed in content/classes.yaml)`);
        }
      }
    });
  }
  issues.throwIfAny();
  return rules;
}

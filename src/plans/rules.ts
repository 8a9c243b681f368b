import { join } from 'node:path';
import { z } from 'zod';
import { IssueCollector, readYamlDir } from '../knowledge/content-files.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';

/**
 * The plan rules (content/plans/<drug>.yaml): every number the planner uses, beside the sentence a
 * person reads and the source ids that back it. The loader checks every source id exists.
 */
const sourceIds = z.array(z.string().min(1)).min(1, 'at least one source id (every rule must cite a source)');
const cited = { text: z.string().min(20), sources: sourceIds };
const mlPerMin = z.number().positive();

export const PlanRulesSchema = z.strictObject({
  drug: z.string().regex(/^[a-z0-9-]+$/),
  rules: z.strictObject({
    titration: z.strictObject({
      startDoseMg: z.number().positive(),
      startTimesPerDay: z.number().int().positive(),
      doseIncrementMg: z.number().positive(),
      stepDays: z.number().int().positive(),
      ...cited,
    }),
    fourthDose: z.strictObject(cited),
    maximum: z.strictObject({
      maxDailyMg: z.number().positive(),
      maxDoseMg: z.number().positive(),
      maxTimesPerDay: z.number().int().positive(),
      ...cited,
    }),
    renalReduction: z.strictObject({
      bands: z
        .array(z.strictObject({ fromMlPerMin: mlPerMin, belowMlPerMin: mlPerMin, reductionFraction: z.number().gt(0).lt(1) }))
        .min(1),
      ...cited,
    }),
    renalAvoid: z.strictObject({ belowMlPerMin: mlPerMin, ...cited }),
    encephalopathy: z.strictObject({ belowMlPerMin: mlPerMin, ...cited }),
    beers: z.strictObject({ minAgeYears: z.number().int().positive(), belowMlPerMin: mlPerMin, ...cited }),
    taperMinimum: z.strictObject({ minimumDays: z.number().int().positive(), ...cited }),
    taperLongTerm: z.strictObject({ afterWeeks: z.number().positive(), minimumDays: z.number().int().positive(), ...cited }),
    taperSteps: z.strictObject({ maxStepFraction: z.number().gt(0).lt(1), minStepLimitMg: z.number().positive(), stepDays: z.number().int().positive(), ...cited }),
    tablets: z.strictObject({ strengthsMg: z.array(z.number().positive()).min(1), ...cited }),
    oralSolution: z.strictObject({ concentrationMgPerMl: z.number().positive(), roundingMl: z.number().positive(), ...cited }),
    liquidConcentrations: z.strictObject(cited),
    withdrawal: z.strictObject({
      signs: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(3), action: z.enum(['prescriber', 'emergency']) })).min(1),
      ...cited,
    }),
    intrathecal: z.strictObject({
      earlySigns: z.array(z.string().min(3)).min(1),
      emergencySigns: z.array(z.string().min(3)).min(1),
      ...cited,
    }),
  }),
  disclaimer: z.string().min(20),
});

export type PlanRules = z.infer<typeof PlanRulesSchema>;
export type RuleName = keyof PlanRules['rules'];

/** Reads content/plans/*.yaml; throws ContentError (file, field, expected) on any problem. */
export function loadPlanRules(contentDir: string, kb: KnowledgeBase): Map<string, PlanRules> {
  const issues = new IssueCollector(contentDir);
  const files = readYamlDir(join(contentDir, 'plans'), PlanRulesSchema, issues);
  const byDrug = new Map<string, PlanRules>();
  for (const { file, value } of files) {
    if (byDrug.has(value.drug)) issues.add(file, 'drug', `a second rules file for "${value.drug}"`);
    for (const [name, rule] of Object.entries(value.rules)) {
      rule.sources.forEach((sid, i) => {
        if (!kb.sources.has(sid)) issues.add(file, `rules.${name}.sources.${i}`, `unknown source "${sid}" (expected a file content/sources/${sid}.yaml)`);
      });
    }
    const { maximum, tablets } = value.rules;
    if (Math.min(...tablets.strengthsMg) > maximum.maxDoseMg) issues.add(file, 'rules.tablets.strengthsMg', 'no strength fits under maxDoseMg');
    byDrug.set(value.drug, value);
  }
  issues.throwIfAny();
  return byDrug;
}

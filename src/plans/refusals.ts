import { AppError } from '../errors/catalogue.ts';
import type { CrisisLine } from '../knowledge/schema.ts';
import type { PlanRules } from './rules.ts';

/** Machine codes for a plan rxsafety will not compute (the `planCode` member of the 422 problem). */
export type PlanCode =
  | 'above-label-maximum'
  | 'renal-avoid'
  | 'intrathecal-not-supported'
  | 'abrupt-stop'
  | 'step-too-short'
  | 'below-first-step'
  | 'drug-not-supported';

/** A refusal: 422 problem+json with `code: "unprocessable"`, the reason, and the sources behind it. */
export function planRefusal(planCode: PlanCode, detail: string, sources: readonly string[], extra: Record<string, unknown> = {}): AppError {
  return new AppError('unprocessable', detail, { planCode, sources: [...sources], ...extra });
}

/**
 * Intrathecal baclofen: no plan, ever. The answer carries what a person needs instead: who changes a
 * pump dose, the boxed warning, the early and emergency signs, and the numbers to call.
 */
export function intrathecalRefusal(rules: PlanRules, crisisLines: readonly CrisisLine[]): AppError {
  const rule = rules.rules.intrathecal;
  return planRefusal('intrathecal-not-supported', rule.text, rule.sources, {
    earlySigns: rule.earlySigns,
    emergencySigns: rule.emergencySigns,
    whatToDo:
      'Early signs: contact the pump clinician today. Emergency signs: call 911 now and tell them the person has an intrathecal baclofen pump.',
    crisisLines: crisisLines.map((line) => ({ name: line.name, phone: line.phone, when: line.when })),
  });
}

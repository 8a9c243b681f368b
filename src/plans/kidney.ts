import { fixedWarning, ruleWarning, type PlanRequest, type PlanWarning } from './plan.ts';
import { planRefusal } from './refusals.ts';
import type { PlanRules } from './rules.ts';

export interface KidneyAssessment {
  /** The lower of eGFR and creatinine clearance when both are given (the cautious reading). */
  mlPerMin?: number;
  reductionFraction: number;
  warnings: PlanWarning[];
}

/**
 * Reads kidney function and age into a dose reduction and warnings, or refuses (dialysis, or below
 * the avoid threshold), whatever the plan kind: a specialist decides then.
 */
export function assessKidneys(request: PlanRequest, rules: PlanRules, planKind: 'titration' | 'taper'): KidneyAssessment {
  const { renalReduction, renalAvoid, encephalopathy, beers } = rules.rules;
  const values = [request.egfr, request.crcl].filter((v): v is number => v !== undefined);
  const mlPerMin = values.length > 0 ? Math.min(...values) : undefined;
  const doing = planKind === 'titration' ? 'start or raise baclofen' : 'lower or stop baclofen';

  if (request.dialysis) {
    throw planRefusal('renal-avoid', `On dialysis: rxsafety does not plan how to ${doing}. ${renalAvoid.text}${planKind === 'taper' ? ' Do not stop suddenly: contact the prescriber.' : ''}`, renalAvoid.sources, { field: 'dialysis' });
  }
  if (mlPerMin !== undefined && mlPerMin < renalAvoid.belowMlPerMin) {
    throw planRefusal(
      'renal-avoid',
      `Kidney function ${mlPerMin} mL/min is below ${renalAvoid.belowMlPerMin}: rxsafety does not plan how to ${doing}. ${renalAvoid.text}${planKind === 'taper' ? ' Do not stop suddenly: contact the prescriber.' : ''}`,
      renalAvoid.sources,
      { field: request.egfr !== undefined && request.egfr === mlPerMin ? 'egfr' : 'crcl' },
    );
  }

  const warnings: PlanWarning[] = [];
  if (mlPerMin === undefined) {
    warnings.push(
      fixedWarning(
        rules,
        'kidney-function-unknown',
        'No kidney function (eGFR or creatinine clearance) was given, so this plan assumes normal kidneys. Baclofen leaves the body through the kidneys; ask the prescriber whether a recent result changes the dose.',
        'renalReduction',
      ),
    );
    return { reductionFraction: 0, warnings };
  }
  const band = renalReduction.bands.find((b) => mlPerMin >= b.fromMlPerMin && mlPerMin < b.belowMlPerMin);
  const reductionFraction = band?.reductionFraction ?? 0;
  if (band && planKind === 'titration') {
    warnings.push(ruleWarning(rules, 'renal-reduction', 'renalReduction', `Kidney function ${mlPerMin} mL/min: every dose in this plan is reduced by ${Math.round(reductionFraction * 100)}%.`));
  } else if (band) {
    warnings.push(ruleWarning(rules, 'renal-reduction', 'renalReduction', `Kidney function ${mlPerMin} mL/min: the usual doses are reduced by about ${Math.round(reductionFraction * 100)}% at this level.`));
  }
  if (mlPerMin < encephalopathy.belowMlPerMin) warnings.push(ruleWarning(rules, 'encephalopathy-risk', 'encephalopathy'));
  if (request.age !== undefined && request.age >= beers.minAgeYears && mlPerMin < beers.belowMlPerMin) {
    warnings.push(ruleWarning(rules, 'beers-criteria', 'beers'));
  }
  return { mlPerMin, reductionFraction, warnings };
}

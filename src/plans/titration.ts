import { validationError } from '../errors/catalogue.ts';
import { assemblePlan, type DoseLevel } from './assemble.ts';
import { roundDownTo } from './dose-forms.ts';
import { assessKidneys } from './kidney.ts';
import { fixedWarning, ruleWarning, todayIso, type Plan, type PlanRequest, type PlanWarning } from './plan.ts';
import { planRefusal } from './refusals.ts';
import type { PlanRules } from './rules.ts';

/**
 * The label's steps, unreduced: the dose rises by one increment every step at the label's doses a
 * day until the per-dose target, then (when four doses a day are asked for) a dose is added.
 */
export function labelLevels(rules: PlanRules, targetDailyMg: number, dosesPerDay: number): DoseLevel[] {
  const { titration, maximum } = rules.rules;
  const perDoseTarget = Math.min(roundDownTo(targetDailyMg / dosesPerDay, titration.doseIncrementMg), maximum.maxDoseMg);
  const finalDoseMg = perDoseTarget >= titration.startDoseMg ? perDoseTarget : titration.startDoseMg;
  const finalTimes = perDoseTarget >= titration.startDoseMg ? dosesPerDay : titration.startTimesPerDay;
  const levels: DoseLevel[] = [];
  for (let doseMg = titration.startDoseMg; doseMg <= finalDoseMg + 1e-9; doseMg += titration.doseIncrementMg) {
    levels.push({ doseMg, timesPerDay: titration.startTimesPerDay });
  }
  for (let times = titration.startTimesPerDay + 1; times <= finalTimes; times++) levels.push({ doseMg: finalDoseMg, timesPerDay: times });
  return levels;
}

/** A titration plan, or an AppError refusal (above the maximum, kidneys, too fast). Pure. */
export function buildTitration(request: PlanRequest, rules: PlanRules): Plan {
  const { titration, maximum } = rules.rules;
  const targetDailyMg = request.targetDailyMg;
  if (targetDailyMg === undefined) throw validationError([{ field: 'targetDailyMg', message: 'give the daily dose to reach, in mg' }]);
  if (targetDailyMg > maximum.maxDailyMg) {
    throw planRefusal(
      'above-label-maximum',
      `targetDailyMg: ${targetDailyMg} mg a day is above the ${maximum.maxDailyMg} mg a day maximum. ${maximum.text}`,
      maximum.sources,
      { field: 'targetDailyMg', maxDailyMg: maximum.maxDailyMg },
    );
  }
  const firstDailyMg = titration.startDoseMg * titration.startTimesPerDay;
  if (targetDailyMg < firstDailyMg) {
    throw planRefusal(
      'below-first-step',
      `targetDailyMg: ${targetDailyMg} mg a day is below the label's first step (${titration.startDoseMg} mg ${titration.startTimesPerDay} times a day = ${firstDailyMg} mg); a lower dose is for the prescriber to set.`,
      titration.sources,
      { field: 'targetDailyMg' },
    );
  }
  const stepDays = request.stepDays ?? titration.stepDays;
  if (stepDays < titration.stepDays) {
    throw planRefusal('step-too-short', `stepDays: steps shorter than ${titration.stepDays} days raise the dose faster than the label. ${titration.text}`, titration.sources, { field: 'stepDays' });
  }
  const dosesPerDay = request.dosesPerDay ?? titration.startTimesPerDay;
  const kidney = assessKidneys(request, rules, 'titration');
  const keep = 1 - kidney.reductionFraction;
  const levels = labelLevels(rules, targetDailyMg, dosesPerDay).map((l): DoseLevel => ({ doseMg: l.doseMg * keep, timesPerDay: l.timesPerDay }));

  const warnings: PlanWarning[] = [ruleWarning(rules, 'label-titration', 'titration'), ...kidney.warnings];
  const last = labelLevels(rules, targetDailyMg, dosesPerDay).at(-1)!;
  const reachedDailyMg = last.doseMg * last.timesPerDay;
  if (reachedDailyMg < targetDailyMg) {
    warnings.push({
      code: 'target-rounded',
      message: `${targetDailyMg} mg a day cannot be split into ${dosesPerDay} equal doses of whole tablets, so the plan stops at ${reachedDailyMg} mg a day${keep < 1 ? ' before the kidney reduction' : ''}. Ask the prescriber how to reach the exact target.`,
      sources: [...titration.sources],
    });
  }
  if (dosesPerDay > titration.startTimesPerDay && last.timesPerDay > titration.startTimesPerDay) warnings.push(ruleWarning(rules, 'fourth-dose-choice', 'fourthDose'));
  warnings.push(
    fixedWarning(
      rules,
      'stay-at-target',
      'Stay on the last step until the prescriber reviews it: the label raises the dose further only if needed, and the lowest dose that works is the right one.',
      'titration',
    ),
  );
  warnings.push(fixedWarning(rules, 'step-choice', "The steps follow the label; the dose times and any rounding are rxsafety's choice; your prescriber may choose differently.", 'titration'));
  return assemblePlan(rules, {
    kind: 'titration',
    levels,
    stepDays,
    startDate: request.startDate ?? todayIso(),
    endsAtZero: false,
    warnings,
    ...(kidney.mlPerMin !== undefined
      ? { kidney: { mlPerMin: kidney.mlPerMin, reductionFraction: kidney.reductionFraction, ceilingDailyMg: maximum.maxDailyMg * keep } }
      : {}),
  });
}

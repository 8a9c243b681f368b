import { validationError } from '../errors/catalogue.ts';
import { assemblePlan, type DoseLevel } from './assemble.ts';
import { tabletsFor } from './dose-forms.ts';
import { assessKidneys } from './kidney.ts';
import { ruleWarning, todayIso, type Plan, type PlanRequest, type PlanWarning } from './plan.ts';
import { planRefusal } from './refusals.ts';
import type { PlanRules } from './rules.ts';

/** Every daily dose whole tablets can make with equal doses, at most `dosesPerDay` a day. */
export function taperLevels(rules: PlanRules, dosesPerDay: number): DoseLevel[] {
  const { tablets, maximum } = rules.rules;
  const smallestMg = Math.min(...tablets.strengthsMg);
  const levels: DoseLevel[] = [];
  for (let doseMg = smallestMg; doseMg <= maximum.maxDoseMg; doseMg += smallestMg) {
    if (!tabletsFor(doseMg, tablets.strengthsMg)) continue;
    for (let timesPerDay = 1; timesPerDay <= dosesPerDay; timesPerDay++) levels.push({ doseMg, timesPerDay });
  }
  return levels;
}

/** The largest drop a taper from `fromDailyMg` may ever take (property tests check against it). */
export function maxTaperDropMg(rules: PlanRules, fromDailyMg: number): number {
  const { maxStepFraction, minStepLimitMg } = rules.rules.taperSteps;
  return Math.max(maxStepFraction * fromDailyMg, minStepLimitMg);
}

/** The minimum taper length for how long the dose has been taken (unknown counts as long-term). */
export function minimumTaperDays(rules: PlanRules, durationWeeks: number | undefined): number {
  const { taperMinimum, taperLongTerm } = rules.rules;
  return durationWeeks === undefined || durationWeeks > taperLongTerm.afterWeeks ? taperLongTerm.minimumDays : taperMinimum.minimumDays;
}

const byMoreDosesFirst = (a: DoseLevel, b: DoseLevel) => b.timesPerDay - a.timesPerDay;
const daily = (l: DoseLevel) => l.doseMg * l.timesPerDay;

/**
 * The dose levels from the current dose down to the smallest tablet once a day. Each drop takes the
 * largest step within the stated fraction of the starting dose and half the current dose; when tablet
 * sizes leave no level in that range, the nearest lower level (the smallest possible drop) instead.
 */
export function taperPath(rules: PlanRules, fromDailyMg: number, dosesPerDay: number): DoseLevel[] {
  const levels = taperLevels(rules, dosesPerDay);
  const smallest = levels.reduce((a, b) => (daily(b) < daily(a) ? b : a));
  const fractionDropMg = rules.rules.taperSteps.maxStepFraction * fromDailyMg;
  const path: DoseLevel[] = [];
  let currentMg = fromDailyMg;
  while (currentMg > daily(smallest) + 1e-9) {
    const below = levels.filter((l) => daily(l) < currentMg - 1e-9);
    // Never more than half the current dose where tablets allow: keeps the last steps gentle.
    const floorMg = Math.max(currentMg - fractionDropMg, currentMg / 2);
    const within = below.filter((l) => daily(l) >= floorMg - 1e-9);
    const pool = within.length > 0 ? within : below;
    const targetMg = within.length > 0 ? Math.min(...within.map(daily)) : Math.max(...below.map(daily));
    const next = pool.filter((l) => Math.abs(daily(l) - targetMg) < 1e-9).sort(byMoreDosesFirst)[0]!;
    path.push(next);
    currentMg = daily(next);
  }
  return path.length > 0 ? path : [smallest];
}

/** A taper plan that ends at zero and never drops abruptly, or an AppError refusal. Pure. */
export function buildTaper(request: PlanRequest, rules: PlanRules): Plan {
  const { maximum, tablets, taperSteps, taperLongTerm, titration } = rules.rules;
  const fromDailyMg = request.currentDailyMg;
  if (fromDailyMg === undefined) throw validationError([{ field: 'currentDailyMg', message: 'give the daily dose taken now, in mg' }]);
  if (fromDailyMg > maximum.maxDailyMg) {
    throw planRefusal(
      'above-label-maximum',
      `currentDailyMg: ${fromDailyMg} mg a day is above the ${maximum.maxDailyMg} mg a day maximum, so rxsafety does not plan this taper: the prescriber who set the dose plans how to lower it. Do not stop suddenly. ${maximum.text}`,
      maximum.sources,
      { field: 'currentDailyMg', maxDailyMg: maximum.maxDailyMg },
    );
  }
  const smallestMg = Math.min(...tablets.strengthsMg);
  if (fromDailyMg < smallestMg) {
    throw planRefusal(
      'abrupt-stop',
      `currentDailyMg: ${fromDailyMg} mg a day is below the smallest tablet (${smallestMg} mg), so rxsafety cannot plan a gradual stop in tablets; stopping now would be abrupt. Ask the prescriber to plan it (the oral solution allows smaller steps).`,
      rules.rules.taperMinimum.sources,
      { field: 'currentDailyMg' },
    );
  }
  const dosesPerDay = request.dosesPerDay ?? titration.startTimesPerDay;
  const requestedStepDays = request.stepDays ?? taperSteps.stepDays;
  if (requestedStepDays < taperSteps.stepDays) {
    throw planRefusal('step-too-short', `stepDays: taper steps shorter than ${taperSteps.stepDays} days are not planned. ${taperSteps.text}`, taperSteps.sources, { field: 'stepDays' });
  }
  const kidney = assessKidneys(request, rules, 'taper');
  const path = taperPath(rules, fromDailyMg, dosesPerDay);
  const minimumDays = minimumTaperDays(rules, request.durationWeeks);
  const stepDays = Math.max(requestedStepDays, Math.ceil(minimumDays / path.length));

  const warnings: PlanWarning[] = [ruleWarning(rules, 'taper-minimum', 'taperMinimum')];
  if (minimumDays === taperLongTerm.minimumDays) {
    warnings.push(ruleWarning(rules, 'taper-long-term', 'taperLongTerm', request.durationWeeks === undefined ? 'How long the dose has been taken was not given, so the plan assumes long-term use.' : ''));
  }
  warnings.push(ruleWarning(rules, 'taper-step-choice', 'taperSteps', `This plan lowers the dose every ${stepDays} days over ${path.length * stepDays} days.`));
  warnings.push(...kidney.warnings);
  const ceilingDailyMg = maximum.maxDailyMg * (1 - kidney.reductionFraction);
  if (kidney.reductionFraction > 0 && fromDailyMg > ceilingDailyMg) {
    warnings.push({
      code: 'above-renal-ceiling',
      message: `The current ${fromDailyMg} mg a day is above about ${Math.round(ceilingDailyMg)} mg a day, the maximum after the kidney reduction. Tell the prescriber soon, and do not stop suddenly.`,
      sources: [...new Set([...rules.rules.renalReduction.sources, ...maximum.sources])],
    });
  }
  return assemblePlan(rules, {
    kind: 'taper',
    levels: path,
    stepDays,
    startDate: request.startDate ?? todayIso(),
    endsAtZero: true,
    warnings,
    ...(kidney.mlPerMin !== undefined ? { kidney: { mlPerMin: kidney.mlPerMin, reductionFraction: kidney.reductionFraction, ceilingDailyMg } } : {}),
  });
}

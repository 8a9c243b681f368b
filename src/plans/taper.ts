import { validationError } from '../errors/catalogue.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';
import { assemblePlan, type DoseLevel } from './assemble.ts';
import { tabletsFor } from './dose-forms.ts';
import { assessKidneys } from './kidney.ts';
import { planShapeWarning, ruleWarning, todayIso, type Plan, type PlanRequest, type PlanWarning } from './plan.ts';
import { planRefusal } from './refusals.ts';
import type { PlanRules } from './rules.ts';

/**
 * The levels depend only on the rules and doses a day (3 or 4), so each list is built once per rules:
 * building it asked for tablets at every dose up to the maximum on every request.
 */
const levelsByRules = new WeakMap<PlanRules, Map<number, readonly DoseLevel[]>>();

/** Every daily dose whole tablets can make with equal doses, at most `dosesPerDay` a day. */
export function taperLevels(rules: PlanRules, dosesPerDay: number): readonly DoseLevel[] {
  let byDosesPerDay = levelsByRules.get(rules);
  if (!byDosesPerDay) levelsByRules.set(rules, (byDosesPerDay = new Map()));
  let levels = byDosesPerDay.get(dosesPerDay);
  if (!levels) {
    levels = deepFreeze(buildLevels(rules, dosesPerDay));
    byDosesPerDay.set(dosesPerDay, levels);
  }
  return levels;
}

function buildLevels(rules: PlanRules, dosesPerDay: number): DoseLevel[] {
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

const daily = (l: DoseLevel) => l.doseMg * l.timesPerDay;
const EPSILON_MG = 1e-9;

/**
 * The dose levels from the current dose down to the smallest tablet once a day. Each drop takes the
 * largest step within the stated fraction of the starting dose and half the current dose; when tablet
 * sizes leave no level in that range, the nearest lower level (the smallest possible drop) instead.
 * Among levels with the same daily dose, the one with more doses a day (the first listed on a tie).
 * Written as passes over the levels rather than filters and sorts: it was a third of building a taper.
 */
export function taperPath(rules: PlanRules, fromDailyMg: number, dosesPerDay: number): DoseLevel[] {
  const levels = taperLevels(rules, dosesPerDay);
  // Indexed loops: for…of over the frozen list allocated an iterator result per level (6 kB a taper).
  let smallest = levels[0]!;
  for (let i = 1; i < levels.length; i++) if (daily(levels[i]!) < daily(smallest)) smallest = levels[i]!;
  const fractionDropMg = rules.rules.taperSteps.maxStepFraction * fromDailyMg;
  const path: DoseLevel[] = [];
  let currentMg = fromDailyMg;
  while (currentMg > daily(smallest) + EPSILON_MG) {
    // Never more than half the current dose where tablets allow: keeps the last steps gentle.
    const floorMg = Math.max(currentMg - fractionDropMg, currentMg / 2);
    let lowestWithinMg = Infinity;
    let highestBelowMg = -Infinity;
    for (let i = 0; i < levels.length; i++) {
      const mg = daily(levels[i]!);
      if (mg >= currentMg - EPSILON_MG) continue;
      if (mg > highestBelowMg) highestBelowMg = mg;
      if (mg >= floorMg - EPSILON_MG && mg < lowestWithinMg) lowestWithinMg = mg;
    }
    // The lowest level within that range, or the highest below it when none is. Daily doses are whole
    // multiples of the smallest strength, so only levels at the target itself are within EPSILON of it.
    const targetMg = lowestWithinMg !== Infinity ? lowestWithinMg : highestBelowMg;
    let next: DoseLevel | undefined;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      if (Math.abs(daily(level) - targetMg) >= EPSILON_MG) continue;
      if (next === undefined || level.timesPerDay > next.timesPerDay) next = level;
    }
    path.push(next!);
    currentMg = daily(next!);
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
    warnings.push(
      request.durationWeeks === undefined
        ? planShapeWarning(rules, 'taper-long-term', 'taperLongTerm', 'How long the dose has been taken was not given, so the plan assumes long-term use.')
        : ruleWarning(rules, 'taper-long-term', 'taperLongTerm'),
    );
  }
  warnings.push(planShapeWarning(rules, 'taper-step-choice', 'taperSteps', `This plan lowers the dose every ${stepDays} days over ${path.length * stepDays} days.`));
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

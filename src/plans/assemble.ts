import { chooseDoseForm, dispenseTotals } from './dose-forms.ts';
import { collectSources, daysAfter, ruleWarning, type Plan, type PlanStep, type PlanWarning, type WithdrawalSign } from './plan.ts';
import type { PlanRules } from './rules.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';

/** One dose level, before dates and dose forms: `doseMg` per dose, `timesPerDay` doses. */
export interface DoseLevel {
  doseMg: number;
  timesPerDay: number;
}

export interface AssembleInput {
  kind: Plan['kind'];
  levels: readonly DoseLevel[];
  stepDays: number;
  startDate: string;
  /** Ends with a one-day "stop" step at zero (tapers). */
  endsAtZero: boolean;
  warnings: PlanWarning[];
  kidney?: Plan['kidney'];
}

const withdrawalAction: Record<WithdrawalSign['action'], string> = {
  prescriber: 'Do not take the next lower step. Contact your prescriber today; if you cannot reach them and it is getting worse, get urgent medical help.',
  emergency: 'Call 911 now. Say the person is reducing baclofen.',
};

/** The same for every plan of a drug: built once per rules, frozen (so answers write its JSON once). */
const signsByRules = new WeakMap<PlanRules, WithdrawalSign[]>();

export function withdrawalSigns(rules: PlanRules): WithdrawalSign[] {
  let signs = signsByRules.get(rules);
  if (!signs) {
    signs = deepFreeze(rules.rules.withdrawal.signs.map((s) => Object.assign({}, s, { whatToDo: withdrawalAction[s.action] })));
    signsByRules.set(rules, signs);
  }
  return signs;
}

/** Turns dose levels into a dated, contiguous schedule in one dose form, with totals and warnings. */
export function assemblePlan(rules: PlanRules, input: AssembleInput): Plan {
  const { form, doses } = chooseDoseForm(input.levels.map((l) => l.doseMg), rules);
  const dateOfDay = daysAfter(input.startDate);
  const schedule: PlanStep[] = input.levels.map((level, i) => {
    const startDay = i * input.stepDays + 1;
    const endDay = startDay + input.stepDays - 1;
    const dose = doses[i]!;
    return {
      startDay,
      endDay,
      startDate: dateOfDay(startDay - 1),
      endDate: dateOfDay(endDay - 1),
      doseMg: dose.doseMg,
      timesPerDay: level.timesPerDay,
      dailyMg: Math.round(dose.doseMg * level.timesPerDay * 1e6) / 1e6,
      tablets: dose.tablets,
      ...(dose.solutionMl !== undefined ? { solutionMl: dose.solutionMl } : {}),
    };
  });
  if (input.endsAtZero) {
    const day = schedule.length * input.stepDays + 1;
    const date = dateOfDay(day - 1);
    schedule.push({ startDay: day, endDay: day, startDate: date, endDate: date, doseMg: 0, timesPerDay: 0, dailyMg: 0, tablets: [] });
  }

  const warnings = [...input.warnings];
  if (form === 'oral-solution') {
    warnings.push(ruleWarning(rules, 'oral-solution', 'oralSolution'));
    warnings.push(ruleWarning(rules, 'liquid-concentration-error', 'liquidConcentrations'));
  }
  warnings.push(ruleWarning(rules, 'withdrawal-signs', 'withdrawal'));
  const { solutionMl, tablets } = dispenseTotals(schedule);
  return {
    drug: rules.drug,
    kind: input.kind,
    route: 'oral',
    form,
    schedule,
    totalDays: schedule.at(-1)!.endDay,
    dispense: solutionMl !== undefined ? { tablets, solutionMl, solutionMgPerMl: rules.rules.oralSolution.concentrationMgPerMl } : { tablets },
    ...(input.kidney ? { kidney: input.kidney } : {}),
    withdrawalSigns: withdrawalSigns(rules),
    warnings,
    sources: collectSources(warnings),
    disclaimer: rules.disclaimer,
  };
}

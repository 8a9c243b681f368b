import type { PlanRules } from './rules.ts';
import type { TabletCount } from './plan.ts';

/** Doses are computed in floating point (⅔ of 5 mg); this stops 9.9999999 from rounding down a whole step. */
const clean = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * A rule's strengths, largest first, sorted once per list: a plan asks for tablets dozens of times, and
 * sorting a copy each time was the largest allocation in building one (11 of 28 kB for a taper).
 */
const descendingByList = new WeakMap<readonly number[], readonly number[]>();

function largestFirst(strengthsMg: readonly number[]): readonly number[] {
  let sorted = descendingByList.get(strengthsMg);
  if (!sorted) {
    sorted = Object.freeze([...strengthsMg].sort((a, b) => b - a));
    descendingByList.set(strengthsMg, sorted);
  }
  return sorted;
}

/**
 * Whole tablets that make exactly `doseMg`, largest strength first, or undefined when they cannot.
 * Largest-first is exact for 5/10/20 mg; scored halves are never assumed.
 */
export function tabletsFor(doseMg: number, strengthsMg: readonly number[]): TabletCount[] | undefined {
  let remainingMg = clean(doseMg);
  if (remainingMg <= 0) return undefined;
  const counts: TabletCount[] = [];
  for (const strengthMg of largestFirst(strengthsMg)) {
    const count = Math.floor(clean(remainingMg / strengthMg));
    if (count > 0) {
      counts.push({ strengthMg, count });
      remainingMg = clean(remainingMg - count * strengthMg);
    }
  }
  return remainingMg === 0 ? counts : undefined;
}

/** Rounds down, so a measured liquid dose never exceeds the planned one. */
export function roundDownTo(value: number, step: number): number {
  return clean(Math.floor(clean(value / step)) * step);
}

export interface DoseForm {
  form: 'tablets' | 'oral-solution';
  /** The dose actually given, per planned dose (rounded down for the solution). */
  doses: { doseMg: number; tablets: TabletCount[]; solutionMl?: number }[];
}

/**
 * One form for the whole plan: tablets when whole tablets make every dose, otherwise the oral
 * solution for every dose, because switching forms mid-plan invites measuring mistakes.
 */
export function chooseDoseForm(dosesMg: readonly number[], rules: PlanRules): DoseForm {
  const { tablets, oralSolution } = rules.rules;
  const asTablets = dosesMg.map((d) => tabletsFor(d, tablets.strengthsMg));
  if (asTablets.every((t) => t !== undefined)) {
    return { form: 'tablets', doses: dosesMg.map((d, i) => ({ doseMg: clean(d), tablets: asTablets[i]! })) };
  }
  const stepMg = oralSolution.roundingMl * oralSolution.concentrationMgPerMl;
  return {
    form: 'oral-solution',
    doses: dosesMg.map((d) => {
      const doseMg = roundDownTo(d, stepMg);
      return { doseMg, tablets: [], solutionMl: clean(doseMg / oralSolution.concentrationMgPerMl) };
    }),
  };
}

/** Totals for the pharmacy: per-dose tablets × doses a day × days. */
export function dispenseTotals(
  steps: readonly { tablets: TabletCount[]; solutionMl?: number; timesPerDay: number; startDay: number; endDay: number }[],
): { tablets: TabletCount[]; solutionMl?: number } {
  const byStrength = new Map<number, number>();
  let solutionMl = 0;
  for (const step of steps) {
    const doses = step.timesPerDay * (step.endDay - step.startDay + 1);
    for (const t of step.tablets) byStrength.set(t.strengthMg, (byStrength.get(t.strengthMg) ?? 0) + t.count * doses);
    solutionMl += (step.solutionMl ?? 0) * doses;
  }
  const tablets = [...byStrength.entries()].sort((a, b) => a[0] - b[0]).map(([strengthMg, count]) => ({ strengthMg, count }));
  return solutionMl > 0 ? { tablets, solutionMl: clean(solutionMl) } : { tablets };
}

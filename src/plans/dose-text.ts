import type { Plan, PlanStep } from './plan.ts';

const timesWords = ['', 'once a day', 'twice a day', 'three times a day', 'four times a day'];

export function timesPerDayText(times: number): string {
  return timesWords[times] ?? `${times} times a day`;
}

/** "1 × 10 mg + 1 × 5 mg tablet" or "7.5 mL of the 1 mg/mL solution": what to take for one dose. */
export function doseAmountText(plan: Pick<Plan, 'form' | 'dispense'>, step: Pick<PlanStep, 'tablets' | 'solutionMl'>): string {
  if (plan.form === 'oral-solution') return `${step.solutionMl} mL of the ${plan.dispense.solutionMgPerMl ?? 1} mg/mL oral solution`;
  const parts = step.tablets.map((t) => `${t.count} × ${t.strengthMg} mg`);
  return `${parts.join(' + ')} tablet${step.tablets.reduce((n, t) => n + t.count, 0) === 1 ? '' : 's'}`;
}

/** Suggested clock times (rxsafety's choice, spread over waking hours): hour and minute of each dose. */
export function doseClockTimes(timesPerDay: number): [number, number][] {
  const hours: Record<number, number[]> = { 1: [20], 2: [8, 20], 3: [8, 14, 20], 4: [8, 12, 16, 20] };
  return (hours[timesPerDay] ?? []).map((h) => [h, 0]);
}

export const clockText = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/** Every day of the plan, one entry a day: what a printed calendar and a phone calendar both list. */
export function planDays(plan: Plan): { date: string; day: number; step: PlanStep }[] {
  const days: { date: string; day: number; step: PlanStep }[] = [];
  for (const step of plan.schedule) {
    for (let day = step.startDay; day <= step.endDay; day++) {
      const date = new Date(Date.parse(`${step.startDate}T00:00:00Z`) + (day - step.startDay) * 86_400_000).toISOString().slice(0, 10);
      days.push({ date, day, step });
    }
  }
  return days;
}

import { createEvents, type EventAttributes } from 'ics';
import { clockText, doseAmountText, doseClockTimes, planDays } from './dose-text.ts';
import type { Plan } from './plan.ts';

/** The reminder rings a little before the dose (a zero offset is written as an invalid "-PT" by the ics package). */
const REMINDER_MINUTES_BEFORE = 5;

const drugTitle = (drug: string) => drug.charAt(0).toUpperCase() + drug.slice(1);

/**
 * One event per dose time per day, with the dose in the title and a reminder at the dose time.
 * Times are "floating" (no time zone), so 08:00 stays 08:00 wherever the phone is.
 */
export function planToIcs(plan: Plan): string {
  const name = drugTitle(plan.drug);
  const note = `${plan.disclaimer} Withdrawal warning signs and what to do: see the printed plan. Emergency: call 911.`;
  const events: EventAttributes[] = [];
  for (const { date, day, step } of planDays(plan)) {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    if (step.dailyMg === 0) {
      events.push({
        uid: `${plan.kind}-${date}-stop@rxsafety`,
        start: [y, mo, d],
        end: [y, mo, d],
        title: `${name}: plan complete, no more doses`,
        description: `Day ${day}. ${note}`,
        productId: 'rxsafety',
      });
      continue;
    }
    for (const time of doseClockTimes(step.timesPerDay)) {
      const title = `${name} ${step.doseMg} mg (${doseAmountText(plan, step)})`;
      events.push({
        uid: `${plan.kind}-${date}-${clockText(time).replace(':', '')}@rxsafety`,
        start: [y, mo, d, time[0], time[1]],
        startInputType: 'local',
        startOutputType: 'local',
        duration: { minutes: 10 },
        title,
        description: `Day ${day} of ${plan.totalDays}: ${step.dailyMg} mg today in ${step.timesPerDay} dose(s). ${note}`,
        alarms: [{ action: 'display', description: title, trigger: { minutes: REMINDER_MINUTES_BEFORE, before: true } }],
        productId: 'rxsafety',
        calName: `${name} ${plan.kind} plan (draft)`,
      });
    }
  }
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('calendar could not be built');
  return value;
}

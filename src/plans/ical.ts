import { clockText, doseAmountText, doseClockTimes, planDays } from './dose-text.ts';
import { dateValue, floatingDateTime, ICalendarWriter, utcDateTime } from './icalendar-text.ts';
import type { Plan } from './plan.ts';

/** The reminder rings a little before the dose. */
const REMINDER_MINUTES_BEFORE = 5;

const drugTitle = (drug: string) => drug.charAt(0).toUpperCase() + drug.slice(1);

/**
 * One event per dose time per day, with the dose in the title and a reminder before the dose.
 * Times are "floating" (no time zone), so 08:00 stays 08:00 wherever the phone is.
 */
export function planToIcs(plan: Plan, options: { now?: Date } = {}): string {
  const name = drugTitle(plan.drug);
  const note = `${plan.disclaimer} Withdrawal warning signs and what to do: see the printed plan. Emergency: call 911.`;
  const stamp = utcDateTime(options.now ?? new Date());
  const calendar = new ICalendarWriter()
    .begin('VCALENDAR')
    .value('VERSION', '2.0')
    .value('CALSCALE', 'GREGORIAN')
    .text('PRODID', '-//rxsafety//Dose plan//EN')
    .value('METHOD', 'PUBLISH')
    .text('X-WR-CALNAME', `${name} ${plan.kind} plan (draft)`);
  for (const { date, day, step } of planDays(plan)) {
    if (step.dailyMg === 0) {
      calendar
        .begin('VEVENT')
        .text('UID', `${plan.kind}-${date}-stop@rxsafety`)
        .value('DTSTAMP', stamp)
        // A date without an end is one whole day (RFC 5545 §3.6.1).
        .value('DTSTART;VALUE=DATE', dateValue(date))
        .text('SUMMARY', `${name}: plan complete, no more doses`)
        .text('DESCRIPTION', `Day ${day}. ${note}`)
        .end('VEVENT');
      continue;
    }
    const title = `${name} ${step.doseMg} mg (${doseAmountText(plan, step)})`;
    const description = `Day ${day} of ${plan.totalDays}: ${step.dailyMg} mg today in ${step.timesPerDay} dose(s). ${note}`;
    for (const time of doseClockTimes(step.timesPerDay)) {
      calendar
        .begin('VEVENT')
        .text('UID', `${plan.kind}-${date}-${clockText(time).replace(':', '')}@rxsafety`)
        .value('DTSTAMP', stamp)
        .value('DTSTART', floatingDateTime(date, time[0], time[1]))
        .value('DURATION', 'PT10M')
        .text('SUMMARY', title)
        .text('DESCRIPTION', description)
        .begin('VALARM')
        .value('ACTION', 'DISPLAY')
        .text('DESCRIPTION', title)
        .value('TRIGGER', `-PT${REMINDER_MINUTES_BEFORE}M`)
        .end('VALARM')
        .end('VEVENT');
    }
  }
  return calendar.end('VCALENDAR').toString();
}

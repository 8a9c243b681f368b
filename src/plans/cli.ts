import { parseArgs } from 'node:util';
import { EXIT, cliKnowledge, type CliIo, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { doseAmountText, timesPerDayText } from './dose-text.ts';
import { parsePlanQuery } from './http/schemas.ts';
import { planToIcs } from './ical.ts';
import type { Plan } from './plan.ts';
import { buildPlan, type PlanKind } from './planner.ts';
import { loadPlanRules } from './rules.ts';

/** Options shared by both commands; each maps to the API field of the same meaning. */
const commonOptions = {
  'doses-per-day': { type: 'string' },
  'step-days': { type: 'string' },
  start: { type: 'string' },
  egfr: { type: 'string' },
  crcl: { type: 'string' },
  dialysis: { type: 'boolean' },
  age: { type: 'string' },
  route: { type: 'string' },
  drug: { type: 'string' },
  json: { type: 'boolean' },
  ics: { type: 'boolean' },
} as const;

const fieldFor: Record<string, string> = {
  target: 'targetDailyMg',
  from: 'currentDailyMg',
  weeks: 'durationWeeks',
  'doses-per-day': 'dosesPerDay',
  'step-days': 'stepDays',
  start: 'startDate',
  egfr: 'egfr',
  crcl: 'crcl',
  dialysis: 'dialysis',
  age: 'age',
  route: 'route',
  drug: 'drug',
};

export function formatPlanText(plan: Plan): string {
  const lines = [`DRAFT ${plan.drug.toUpperCase()} ${plan.kind.toUpperCase()} PLAN (${plan.totalDays} days)`, plan.disclaimer, ''];
  for (const s of plan.schedule) {
    const days = s.startDay === s.endDay ? `Day ${s.startDay}` : `Days ${s.startDay}-${s.endDay}`;
    lines.push(`${days.padEnd(11)} ${s.startDate}${s.endDate !== s.startDate ? ` to ${s.endDate}` : ''}: ${s.dailyMg === 0 ? 'STOP, no more doses' : `${s.doseMg} mg ${timesPerDayText(s.timesPerDay)} (${doseAmountText(plan, s)}), ${s.dailyMg} mg/day`}`);
  }
  lines.push('', `To dispense: ${[...plan.dispense.tablets.map((t) => `${t.count} x ${t.strengthMg} mg tablets`), ...(plan.dispense.solutionMl ? [`${plan.dispense.solutionMl} mL of ${plan.dispense.solutionMgPerMl} mg/mL solution`] : [])].join(', ')}`);
  lines.push('', 'WITHDRAWAL WARNING SIGNS');
  for (const s of plan.withdrawalSigns) lines.push(`- ${s.name}: ${s.whatToDo}`);
  lines.push('', 'NOTES');
  for (const w of plan.warnings) lines.push(`- ${w.message} [${w.sources.join(', ')}]`);
  return lines.join('\n');
}

function planCommand(kind: PlanKind, name: string, usage: string, summary: string, own: Record<string, { type: 'string' }>): Command {
  return {
    name,
    usage,
    summary,
    run(args: string[], io: CliIo) {
      const { values } = parseArgs({ args, options: Object.assign({}, commonOptions, own) });
      const fields: Record<string, string> = {};
      for (const [option, value] of Object.entries(values)) {
        const field = fieldFor[option];
        if (field && value !== undefined) fields[field] = String(value);
      }
      const kb = cliKnowledge();
      const plan = buildPlan(kind, parsePlanQuery(kind, fields), loadPlanRules(loadConfig().CONTENT_DIR, kb), kb);
      io.out(values.json ? JSON.stringify(plan, null, 2) : values.ics ? planToIcs(plan) : formatPlanText(plan));
      return EXIT.ok;
    },
  };
}

export const plansCommands: Command[] = [
  planCommand(
    'titration',
    'plan titrate',
    'rxsafety plan titrate --target 60 [--doses-per-day 3] [--step-days 3] [--start 2026-12-01] [--egfr 45] [--age 70] [--json|--ics]',
    'Draft a label titration plan for oral baclofen (to agree with the prescriber)',
    { target: { type: 'string' } },
  ),
  planCommand(
    'taper',
    'plan taper',
    'rxsafety plan taper --from 60 --weeks 26 [--egfr 45] [--start 2026-12-01] [--json|--ics]',
    'Draft a gradual taper plan for oral baclofen, ending at zero (to agree with the prescriber)',
    { from: { type: 'string' }, weeks: { type: 'string' } },
  ),
];

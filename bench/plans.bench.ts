import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { planToMedicationRequest } from '../src/plans/fhir.ts';
import { planJson } from '../src/plans/http/plan-json.ts';
import { planToIcs } from '../src/plans/ical.ts';
import { buildPlan } from '../src/plans/planner.ts';
import { loadPlanRules } from '../src/plans/rules.ts';
import { timeIt, type BenchRow } from './timing.ts';


/** Building plans in-process (no HTTP): the domain cost behind each /api/v1/plans request. */
export async function run(options: { iterations?: number; contentDir?: string } = {}): Promise<BenchRow[]> {
  const iterations = options.iterations ?? 5000;
  const kb = KnowledgeBase.fromDirectory(options.contentDir ?? 'content');
  const rules = loadPlanRules(options.contentDir ?? 'content', kb);
  const oral = { drug: 'baclofen', route: 'oral' as const, startDate: '2026-12-01' };
  const titration = () => buildPlan('titration', { ...oral, targetDailyMg: 60, egfr: 45, age: 70 }, rules, kb);
  const taper = () => buildPlan('taper', { ...oral, currentDailyMg: 80, dosesPerDay: 4, durationWeeks: 26 }, rules, kb);
  const taperPlan = taper();
  return [
    await timeIt('plans: build titration (60 mg/day, eGFR 45)', titration, iterations),
    await timeIt('plans: build taper (80 mg/day, 26 weeks)', taper, iterations),
    // What the API does per request: a new plan, then its JSON.
    await timeIt('plans: build taper and write its JSON', () => planJson(taper()), iterations),
    await timeIt('plans: taper to iCalendar', () => planToIcs(taperPlan), Math.max(50, Math.floor(iterations / 20))),
    await timeIt('plans: taper to FHIR MedicationRequest', () => planToMedicationRequest(taperPlan, kb), iterations),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run());
}

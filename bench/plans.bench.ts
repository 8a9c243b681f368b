import { performance } from 'node:perf_hooks';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { planToMedicationRequest } from '../src/plans/fhir.ts';
import { planToIcs } from '../src/plans/ical.ts';
import { buildPlan } from '../src/plans/planner.ts';
import { loadPlanRules } from '../src/plans/rules.ts';

export interface BenchRow {
  name: string;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

function measure(name: string, fn: () => unknown, iterations: number): BenchRow {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(); // warm-up: let the JIT settle
  const samples = new Float64Array(iterations);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    samples[i] = performance.now() - t0;
  }
  const totalMs = performance.now() - started;
  samples.sort();
  const at = (q: number) => samples[Math.min(iterations - 1, Math.floor(q * iterations))]!;
  return { name, opsPerSec: Math.round((iterations / totalMs) * 1000), p50Ms: at(0.5), p99Ms: at(0.99) };
}

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
    measure('plans: build titration (60 mg/day, eGFR 45)', titration, iterations),
    measure('plans: build taper (80 mg/day, 26 weeks)', taper, iterations),
    measure('plans: taper to iCalendar', () => planToIcs(taperPlan), Math.max(50, Math.floor(iterations / 20))),
    measure('plans: taper to FHIR MedicationRequest', () => planToMedicationRequest(taperPlan, kb), iterations),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run());
}

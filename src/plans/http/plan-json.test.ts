import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../errors/catalogue.ts';
import { answerJson } from '../../web/frozen-json.ts';
import type { Plan } from '../plan.ts';
import { buildPlan } from '../planner.ts';
import { allRules, kb, oral } from '../test-support.ts';
import { planJson } from './plan-json.ts';

const request = fc.record({
  kind: fc.constantFrom('titration' as const, 'taper' as const),
  dailyMg: fc.oneof(fc.integer({ min: 5, max: 80 }), fc.double({ min: 5, max: 80, noNaN: true })),
  dosesPerDay: fc.constantFrom(3, 4),
  stepDays: fc.option(fc.integer({ min: 3, max: 21 }), { nil: undefined }),
  egfr: fc.option(fc.integer({ min: 30, max: 140 }), { nil: undefined }),
  age: fc.option(fc.integer({ min: 18, max: 100 }), { nil: undefined }),
  durationWeeks: fc.option(fc.integer({ min: 0, max: 520 }), { nil: undefined }),
  startDate: fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
});

test('property: planJson writes exactly the text answerJson writes, for tablet and solution plans of both kinds', () => {
  let solutionPlans = 0;
  fc.assert(
    fc.property(request, ({ kind, dailyMg, ...rest }) => {
      let plan: Plan;
      try {
        plan = buildPlan(kind, { ...oral, ...rest, ...(kind === 'taper' ? { currentDailyMg: dailyMg } : { targetDailyMg: dailyMg }) }, allRules, kb);
      } catch (error) {
        if (error instanceof AppError && error.status === 422) return; // refused: no plan to write
        throw error;
      }
      if (plan.form === 'oral-solution') solutionPlans++;
      const text = planJson(plan);
      assert.equal(text, answerJson(plan));
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(plan)));
    }),
    { numRuns: 1000 },
  );
  assert.ok(solutionPlans > 0, 'the oral solution (solutionMl on each step) was covered');
});

test('a dose that is not a number is an error, not a null in a plan', () => {
  const plan = buildPlan('taper', { ...oral, currentDailyMg: 60 }, allRules, kb);
  plan.schedule[0]!.doseMg = Number.NaN;
  assert.throws(() => planJson(plan), /cannot be converted to a number/);
});

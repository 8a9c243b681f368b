import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DoseLevel } from './assemble.ts';
import { buildTaper, maxTaperDropMg, minimumTaperDays, taperLevels, taperPath } from './taper.ts';
import { answerJson } from '../web/frozen-json.ts';
import { oral, refusal, rules } from './test-support.ts';

const planCodeOf = (fn: () => unknown) => refusal(fn).extensions.planCode;

test('60 mg a day for 26 weeks: long-term taper of at least 21 days, ending 5 mg once a day then zero', () => {
  const plan = buildTaper({ ...oral, currentDailyMg: 60, durationWeeks: 26, startDate: '2026-12-01' }, rules);
  assert.deepEqual(plan.schedule.map((s) => s.dailyMg), [45, 30, 15, 10, 5, 0]);
  assert.deepEqual(plan.schedule.at(-2)!.tablets, [{ strengthMg: 5, count: 1 }]);
  assert.equal(plan.schedule.at(-1)!.startDate, '2026-12-26');
  assert.ok(plan.schedule.at(-1)!.startDay - 1 >= 21);
  const stepChoice = plan.warnings.find((w) => w.code === 'taper-step-choice');
  assert.match(stepChoice!.message, /the step size is rxsafety's choice to reach the sourced minimum duration; your prescriber may choose differently/i);
  assert.ok(plan.warnings.some((w) => w.code === 'taper-long-term'));
  assert.deepEqual(plan.withdrawalSigns.find((s) => s.id === 'seizure')?.action, 'emergency');
  assert.match(plan.withdrawalSigns.find((s) => s.id === 'seizure')!.whatToDo, /911/);
});

test('short use (4 weeks) needs at least 14 days; unknown duration is treated as long-term', () => {
  assert.equal(minimumTaperDays(rules, 4), 14);
  assert.equal(minimumTaperDays(rules, undefined), 21);
  const plan = buildTaper({ ...oral, currentDailyMg: 60, durationWeeks: 4 }, rules);
  assert.ok(plan.schedule.at(-1)!.startDay - 1 >= 14);
  assert.ok(!plan.warnings.some((w) => w.code === 'taper-long-term'));
});

test('refusals: above 80 mg, below the smallest tablet, kidneys, too-short steps', () => {
  assert.equal(planCodeOf(() => buildTaper({ ...oral, currentDailyMg: 120 }, rules)), 'above-label-maximum');
  assert.equal(planCodeOf(() => buildTaper({ ...oral, currentDailyMg: 2 }, rules)), 'abrupt-stop');
  assert.equal(planCodeOf(() => buildTaper({ ...oral, currentDailyMg: 30, egfr: 20 }, rules)), 'renal-avoid');
  assert.equal(planCodeOf(() => buildTaper({ ...oral, currentDailyMg: 30, dialysis: true }, rules)), 'renal-avoid');
  assert.equal(planCodeOf(() => buildTaper({ ...oral, currentDailyMg: 30, stepDays: 1 }, rules)), 'step-too-short');
});

test('a current dose above the kidney-adjusted maximum is flagged, never raised', () => {
  const plan = buildTaper({ ...oral, currentDailyMg: 60, egfr: 40 }, rules);
  assert.ok(plan.warnings.some((w) => w.code === 'above-renal-ceiling'));
  assert.ok(plan.schedule.every((s) => s.dailyMg < 60));
});

const taperInput = fc.record({
  currentDailyMg: fc.oneof(fc.integer({ min: 5, max: 80 }), fc.double({ min: 5, max: 80, noNaN: true })),
  dosesPerDay: fc.constantFrom(3, 4),
  durationWeeks: fc.option(fc.integer({ min: 0, max: 520 }), { nil: undefined }),
  stepDays: fc.option(fc.integer({ min: 3, max: 14 }), { nil: undefined }),
  egfr: fc.option(fc.integer({ min: 30, max: 140 }), { nil: undefined }),
});

test('property: a taper never rises, ends at zero after the smallest dose, and never drops more than its limit', () => {
  fc.assert(
    fc.property(taperInput, (input) => {
      const plan = buildTaper({ ...oral, ...input }, rules);
      const limitMg = maxTaperDropMg(rules, input.currentDailyMg);
      const daily = [input.currentDailyMg, ...plan.schedule.map((s) => s.dailyMg)];
      for (let i = 1; i < daily.length; i++) {
        assert.ok(daily[i]! <= daily[i - 1]!, `rose at step ${i}: ${daily.join(' → ')}`);
        assert.ok(daily[i - 1]! - daily[i]! <= limitMg + 1e-9, `dropped more than ${limitMg} mg: ${daily.join(' → ')}`);
      }
      assert.equal(plan.schedule.at(-1)!.dailyMg, 0);
      const lastDose = plan.schedule.at(-2)!;
      assert.equal(lastDose.dailyMg, 5, 'the last dose before stopping is the smallest tablet once a day');
      assert.ok(plan.schedule.slice(0, -1).every((s) => s.dailyMg > 0), 'zero only at the end');
    }),
  );
});

test('property: a taper lasts at least the minimum for its duration, with contiguous days from day 1', () => {
  fc.assert(
    fc.property(taperInput, (input) => {
      const plan = buildTaper({ ...oral, ...input }, rules);
      const daysOnDrug = plan.schedule.at(-1)!.startDay - 1;
      assert.ok(daysOnDrug >= minimumTaperDays(rules, input.durationWeeks), `${daysOnDrug} days`);
      assert.equal(plan.schedule[0]!.startDay, 1);
      plan.schedule.slice(1).forEach((s, i) => assert.equal(s.startDay, plan.schedule[i]!.endDay + 1));
    }),
  );
});

test('property: taper doses are sums of 5, 10 and 20 mg tablets, and the dispense totals add up', () => {
  fc.assert(
    fc.property(taperInput, (input) => {
      const plan = buildTaper({ ...oral, ...input }, rules);
      let totalMg = 0;
      for (const step of plan.schedule) {
        assert.equal(step.tablets.reduce((sum, t) => sum + t.strengthMg * t.count, 0), step.doseMg);
        assert.ok(step.tablets.every((t) => [5, 10, 20].includes(t.strengthMg)));
        totalMg += step.dailyMg * (step.endDay - step.startDay + 1);
      }
      assert.equal(plan.dispense.tablets.reduce((sum, t) => sum + t.strengthMg * t.count, 0), totalMg);
    }),
  );
});

test('property: the answer text (shared parts written once) is exactly JSON.stringify of the plan', () => {
  fc.assert(
    fc.property(taperInput, (input) => {
      const plan = buildTaper({ ...oral, ...input }, rules);
      assert.equal(answerJson(plan), JSON.stringify(plan));
      assert.equal(answerJson(buildTaper({ ...oral, ...input }, rules)), JSON.stringify(plan));
    }),
  );
});

/** The path as first written, with filters and a sort: the reference the single-pass version must match. */
function taperPathModel(fromDailyMg: number, dosesPerDay: number): DoseLevel[] {
  const daily = (l: DoseLevel) => l.doseMg * l.timesPerDay;
  const levels = taperLevels(rules, dosesPerDay);
  const smallest = levels.reduce((a, b) => (daily(b) < daily(a) ? b : a));
  const fractionDropMg = rules.rules.taperSteps.maxStepFraction * fromDailyMg;
  const path: DoseLevel[] = [];
  let currentMg = fromDailyMg;
  while (currentMg > daily(smallest) + 1e-9) {
    const below = levels.filter((l) => daily(l) < currentMg - 1e-9);
    const floorMg = Math.max(currentMg - fractionDropMg, currentMg / 2);
    const within = below.filter((l) => daily(l) >= floorMg - 1e-9);
    const pool = within.length > 0 ? within : below;
    const targetMg = within.length > 0 ? Math.min(...within.map(daily)) : Math.max(...below.map(daily));
    const next = pool.filter((l) => Math.abs(daily(l) - targetMg) < 1e-9).sort((a, b) => b.timesPerDay - a.timesPerDay)[0]!;
    path.push(next);
    currentMg = daily(next);
  }
  return path.length > 0 ? path : [smallest];
}

test('property: the taper path is the one the filter-and-sort reference takes, and levels are built once', () => {
  assert.equal(taperLevels(rules, 3), taperLevels(rules, 3));
  assert.ok(Object.isFrozen(taperLevels(rules, 4)));
  fc.assert(
    fc.property(taperInput, ({ currentDailyMg, dosesPerDay }) => {
      assert.deepEqual(taperPath(rules, currentDailyMg, dosesPerDay), taperPathModel(currentDailyMg, dosesPerDay));
    }),
    { numRuns: 1000 },
  );
});

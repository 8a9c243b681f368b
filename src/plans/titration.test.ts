import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tabletsFor } from './dose-forms.ts';
import { oral, refusal, rules } from './test-support.ts';
import { buildTitration } from './titration.ts';

test('the label schedule exactly: 5, 10, 15, 20 mg three times a day, 3 days each, from day 1', () => {
  const plan = buildTitration({ ...oral, targetDailyMg: 60, startDate: '2026-12-01', egfr: 95 }, rules);
  assert.deepEqual(
    plan.schedule.map((s) => [s.startDay, s.endDay, s.startDate, s.endDate, s.doseMg, s.timesPerDay, s.dailyMg]),
    [
      [1, 3, '2026-12-01', '2026-12-03', 5, 3, 15],
      [4, 6, '2026-12-04', '2026-12-06', 10, 3, 30],
      [7, 9, '2026-12-07', '2026-12-09', 15, 3, 45],
      [10, 12, '2026-12-10', '2026-12-12', 20, 3, 60],
    ],
  );
  assert.equal(plan.form, 'tablets');
  assert.deepEqual(plan.schedule[2]!.tablets, [{ strengthMg: 10, count: 1 }, { strengthMg: 5, count: 1 }]);
  assert.deepEqual(plan.dispense.tablets, [
    { strengthMg: 5, count: 18 },
    { strengthMg: 10, count: 18 },
    { strengthMg: 20, count: 9 },
  ]);
  assert.equal(plan.totalDays, 12);
  assert.match(plan.disclaimer, /draft plan to agree with your prescriber/);
  assert.ok(plan.sources.includes('label-baclofen-tablets-us'));
});

test('80 mg a day at four doses: the label steps, then the fourth dose, never above 20 mg four times a day', () => {
  const plan = buildTitration({ ...oral, targetDailyMg: 80, dosesPerDay: 4 }, rules);
  assert.deepEqual(plan.schedule.map((s) => `${s.doseMg}x${s.timesPerDay}`), ['5x3', '10x3', '15x3', '20x3', '20x4']);
  assert.ok(plan.warnings.some((w) => w.code === 'fourth-dose-choice'));
});

test('eGFR 45 halves every dose and switches the whole plan to the 1 mg/mL solution with the concentration warning', () => {
  const plan = buildTitration({ ...oral, targetDailyMg: 60, egfr: 45 }, rules);
  assert.deepEqual(plan.schedule.map((s) => s.doseMg), [2.5, 5, 7.5, 10]);
  assert.deepEqual(plan.schedule.map((s) => s.solutionMl), [2.5, 5, 7.5, 10]);
  assert.equal(plan.form, 'oral-solution');
  assert.equal(plan.kidney?.ceilingDailyMg, 40);
  const codes = plan.warnings.map((w) => w.code);
  for (const code of ['renal-reduction', 'encephalopathy-risk', 'liquid-concentration-error']) assert.ok(codes.includes(code), code);
  assert.ok(!codes.includes('beers-criteria'), 'no age given, so no Beers warning');
  assert.equal(plan.dispense.solutionMl, (2.5 + 5 + 7.5 + 10) * 3 * 3);
});

test('age 65+ with eGFR under 60 adds the Beers warning', () => {
  const plan = buildTitration({ ...oral, targetDailyMg: 30, egfr: 55, age: 70 }, rules);
  const beers = plan.warnings.find((w) => w.code === 'beers-criteria');
  assert.deepEqual(beers?.sources, ['beers-2023']);
});

test('eGFR 20, CrCl 20 or dialysis is refused as renal-avoid with its source', () => {
  for (const kidney of [{ egfr: 20 }, { crcl: 20, egfr: 70 }, { dialysis: true }]) {
    const error = refusal(() => buildTitration({ ...oral, targetDailyMg: 30, ...kidney }, rules));
    assert.equal(error.status, 422);
    assert.equal(error.extensions.planCode, 'renal-avoid');
    assert.ok((error.extensions.sources as string[]).includes('ajkd-2018-baclofen-toxicity'));
  }
});

test('above 80 mg a day is refused with the US label and the French cap as sources', () => {
  const error = refusal(() => buildTitration({ ...oral, targetDailyMg: 81 }, rules));
  assert.equal(error.extensions.planCode, 'above-label-maximum');
  assert.deepEqual(error.extensions.sources, ['label-baclofen-tablets-us', 'conseil-etat-2020-441409', 'chaignot-2018']);
  assert.match(error.detail, /^targetDailyMg/);
});

test('steps shorter than the label are refused; longer steps are allowed', () => {
  assert.equal(refusal(() => buildTitration({ ...oral, targetDailyMg: 60, stepDays: 2 }, rules)).extensions.planCode, 'step-too-short');
  assert.equal(buildTitration({ ...oral, targetDailyMg: 60, stepDays: 7 }, rules).totalDays, 28);
});

const titrationInput = fc.record({
  targetDailyMg: fc.integer({ min: 15, max: 80 }),
  dosesPerDay: fc.constantFrom(3, 4),
  stepDays: fc.integer({ min: 3, max: 21 }),
  egfr: fc.option(fc.integer({ min: 30, max: 140 }), { nil: undefined }),
  age: fc.option(fc.integer({ min: 18, max: 100 }), { nil: undefined }),
});

test('property: a titration never exceeds 80 mg a day, its target, nor its kidney ceiling', () => {
  fc.assert(
    fc.property(titrationInput, (input) => {
      const plan = buildTitration({ ...oral, ...input }, rules);
      const ceiling = plan.kidney?.ceilingDailyMg ?? 80;
      for (const step of plan.schedule) {
        assert.ok(step.dailyMg <= 80 && step.dailyMg <= ceiling + 1e-9 && step.dailyMg <= input.targetDailyMg + 1e-9, JSON.stringify(step));
        assert.ok(step.doseMg <= 20);
      }
    }),
  );
});

test('property: a titration starts no higher than the label start and rises by one step at a time, days contiguous', () => {
  fc.assert(
    fc.property(titrationInput, (input) => {
      const plan = buildTitration({ ...oral, ...input }, rules);
      const keep = 1 - (plan.kidney?.reductionFraction ?? 0);
      assert.ok(plan.schedule[0]!.dailyMg <= 15 * keep + 1e-9);
      assert.equal(plan.schedule[0]!.startDay, 1);
      plan.schedule.forEach((step, i) => {
        assert.equal(step.endDay - step.startDay + 1, input.stepDays);
        if (i === 0) return;
        const before = plan.schedule[i - 1]!;
        assert.equal(step.startDay, before.endDay + 1);
        const raisedDose = step.timesPerDay === before.timesPerDay && step.doseMg > before.doseMg && step.doseMg - before.doseMg <= 5 * keep + 0.5 + 1e-9; // + one 0.5 mL rounding of the step before
        const addedDose = step.timesPerDay === before.timesPerDay + 1 && step.doseMg === before.doseMg;
        assert.ok(raisedDose || addedDose, `step ${i}: ${JSON.stringify(before)} → ${JSON.stringify(step)}`);
      });
    }),
  );
});

test('property: every dose is whole tablets of 5/10/20 mg, or 0.5 mL steps of the 1 mg/mL solution', () => {
  fc.assert(
    fc.property(titrationInput, (input) => {
      const plan = buildTitration({ ...oral, ...input }, rules);
      for (const step of plan.schedule) {
        if (plan.form === 'tablets') {
          assert.equal(step.tablets.reduce((sum, t) => sum + t.strengthMg * t.count, 0), step.doseMg);
          assert.ok(step.tablets.every((t) => [5, 10, 20].includes(t.strengthMg)));
          assert.deepEqual(tabletsFor(step.doseMg, [5, 10, 20]), step.tablets);
        } else {
          assert.equal(step.solutionMl, step.doseMg);
          assert.equal(Number.isInteger(step.solutionMl! * 2), true);
        }
      }
    }),
  );
});

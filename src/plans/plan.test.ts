import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { collectSources, daysAfter, isoDay, planShapeWarning, ruleWarning, type PlanWarning } from './plan.ts';
import { loadPlanRules } from './rules.ts';
import { kb } from './test-support.ts';

const MAX_DATE_MS = 8.64e15;

describe('plan dates', () => {
  it('isoDay writes exactly what toISOString().slice(0, 10) writes, for every time a Date can hold', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) })), (ms) => {
        assert.equal(isoDay(ms), new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 5000 },
    );
    assert.throws(() => isoDay(Number.NaN), RangeError);
  });

  it('daysAfter counts calendar days in UTC across month, year and leap-day boundaries', () => {
    assert.equal(daysAfter('2026-12-01')(0), '2026-12-01');
    assert.equal(daysAfter('2026-12-30')(2), '2027-01-01');
    assert.equal(daysAfter('2028-02-28')(1), '2028-02-29');
    assert.equal(daysAfter('2027-02-28')(1), '2027-03-01');
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }), fc.integer({ min: 0, max: 3650 }), (date, days) => {
        const start = date.toISOString().slice(0, 10);
        const expected = new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
        assert.equal(daysAfter(start)(days), expected);
      }),
    );
  });
});

describe('plan sources', () => {
  it('lists each cited source once, in first-cited order', () => {
    const warning = (sources: string[]): PlanWarning => ({ code: 'x', message: 'x', sources }) as PlanWarning;
    assert.deepEqual(collectSources([warning(['b', 'a']), warning(['a', 'c']), warning([]), warning(['b', 'd'])]), ['b', 'a', 'c', 'd']);
  });
});

describe('plan warnings', () => {
  // A rules object of its own, so filling the shared warnings here leaves other tests' rules alone.
  const ownRules = () => loadPlanRules('content', kb).get('baclofen')!;

  it('a prefix about the plan shape is shared and frozen; one about the person is built afresh', () => {
    const rules = ownRules();
    const first = planShapeWarning(rules, 'taper-step-choice', 'taperSteps', 'This plan lowers the dose every 5 days over 25 days.');
    assert.equal(planShapeWarning(rules, 'taper-step-choice', 'taperSteps', 'This plan lowers the dose every 5 days over 25 days.'), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.sources));
    assert.equal(first.message, `This plan lowers the dose every 5 days over 25 days. ${rules.rules.taperSteps.text}`);
    assert.deepEqual(first.sources, rules.rules.taperSteps.sources);
    const other = planShapeWarning(rules, 'taper-step-choice', 'taperSteps', 'This plan lowers the dose every 7 days over 35 days.');
    assert.notEqual(other, first);
    assert.match(other.message, /every 7 days over 35 days/);

    const kidney = ruleWarning(rules, 'renal-reduction', 'renalReduction', 'Kidney function 45 mL/min: every dose in this plan is reduced by 25%.');
    assert.notEqual(ruleWarning(rules, 'renal-reduction', 'renalReduction', 'Kidney function 45 mL/min: every dose in this plan is reduced by 25%.'), kidney);
    assert.ok(!Object.isFrozen(kidney));
  });

  it('keeps at most a bounded number of prefixes, and past it still writes the same warning', () => {
    const rules = ownRules();
    const prefix = (i: number) => `This plan lowers the dose every ${i} days.`;
    for (let i = 0; i < 5000; i++) planShapeWarning(rules, 'taper-step-choice', 'taperSteps', prefix(i));
    const late = planShapeWarning(rules, 'taper-step-choice', 'taperSteps', prefix(4999));
    assert.notEqual(planShapeWarning(rules, 'taper-step-choice', 'taperSteps', prefix(4999)), late, 'past the bound nothing more is kept');
    assert.equal(late.message, `${prefix(4999)} ${rules.rules.taperSteps.text}`);
    assert.equal(planShapeWarning(rules, 'taper-step-choice', 'taperSteps', prefix(0)), planShapeWarning(rules, 'taper-step-choice', 'taperSteps', prefix(0)), 'those kept are still shared');
  });
});

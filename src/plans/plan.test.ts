import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { collectSources, daysAfter, isoDay, type PlanWarning } from './plan.ts';

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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KEPT_IN_ORDER, NearestFirst } from './nearest-first.ts';

/** What NearestFirst must equal: every pair sorted by distance, then place, and cut at `keep`. */
const sortedPlaces = (pairs: readonly [number, number][], keep: number) =>
  [...pairs].sort(([pa, da], [pb, db]) => da - db || pa - pb).slice(0, keep).map(([place]) => place);

test('the nearest kept are exactly the first of all the pairs sorted by distance, ties by place, and every pair is counted', () => {
  // Few distinct distances, so that ties are common; places distinct, as the index's are.
  const pairs = fc.uniqueArray(fc.tuple(fc.nat(5_000), fc.oneof(fc.integer({ min: 0, max: 8 }).map((d) => d / 8), fc.double({ min: 0, max: 1, noNaN: true }))), { selector: ([place]) => place, maxLength: 400, size: 'max' });
  const keep = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(KEPT_IN_ORDER, KEPT_IN_ORDER + 1), fc.integer({ min: KEPT_IN_ORDER + 2, max: 300 }), fc.constant(Infinity));
  fc.assert(
    fc.property(pairs, keep, (stream, kept) => {
      const nearest = new NearestFirst(kept);
      for (const [place, distance] of stream) nearest.add(place, distance);
      assert.equal(nearest.total, stream.length);
      assert.deepEqual(nearest.nearest(), sortedPlaces(stream, kept));
    }),
    { numRuns: 500 },
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fingerprint, GhostList } from './ghost-list.ts';

/** The same list written the obvious way: an array of keys, oldest first. */
class ModelList {
  entries: { key: string; cost: number }[] = [];
  constructor(readonly maxBytes: number) {}
  get bytes() {
    return this.entries.reduce((sum, e) => sum + e.cost, 0);
  }
  takeOrList(key: string, cost: number): boolean {
    const at = this.entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      this.entries.splice(at, 1);
      return true;
    }
    this.entries.push({ key, cost });
    while (this.bytes > this.maxBytes) this.entries.shift();
    return false;
  }
}

describe('GhostList', () => {
  it('answers as a plain oldest-first list would, for any traffic, and stays within its bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 400 })), { maxLength: 4_000 }), (maxBytes, traffic) => {
        const list = new GhostList(maxBytes);
        const model = new ModelList(maxBytes);
        for (const [n, cost] of traffic) {
          const key = `list-${n}`;
          assert.equal(list.takeOrList(key, cost), model.takeOrList(key, cost), `key ${key}`);
          assert.equal(list.bytes, model.bytes);
          assert.ok(list.bytes <= maxBytes);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its places right across compactions of its queue, when a few keys recur', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 3_000 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 100 })), { minLength: 3_000, maxLength: 6_000 }), (maxBytes, traffic) => {
        const list = new GhostList(maxBytes);
        const model = new ModelList(maxBytes);
        for (const [n, cost] of traffic) assert.equal(list.takeOrList(`k${n}`, cost), model.takeOrList(`k${n}`, cost));
        assert.equal(list.bytes, model.bytes);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps working past many compactions of its queue', () => {
    const list = new GhostList(10 * 100);
    for (let i = 0; i < 100_000; i++) assert.equal(list.takeOrList(`k${i}`, 100), false);
    // Only the last ten fit: an older key is listed afresh, a recent one is taken.
    assert.equal(list.takeOrList('k99995', 100), true);
    assert.equal(list.takeOrList('k5', 100), false);
    assert.equal(list.bytes, 1000);
  });

  it('fingerprints are small non-negative integers that tell typical keys apart', () => {
    const prints = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const print = fingerprint(`{"drafts":["baclofen"],"actives":["drug-${i}"]}`);
      assert.ok(Number.isInteger(print) && print >= 0 && print < 2 ** 30);
      prints.add(print);
    }
    assert.ok(prints.size > 49_990, `${50_000 - prints.size} collisions`);
  });
});

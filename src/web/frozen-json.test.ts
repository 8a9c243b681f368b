import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { realChecker, realContent } from '../interactions/test-support.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';
import { answerJson } from './frozen-json.ts';

describe('answerJson', () => {
  it('writes exactly what JSON.stringify writes for interaction checks, for any list of names (known, brand, unknown, repeated)', () => {
    const checker = realChecker();
    const { kb } = realContent();
    const names = [...kb.drugs.keys(), 'Lioresal', 'Xanax', '197391', 'alcohol', 'baclophen', 'Zorblax', ' tramadol '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 50 }), (list) => {
        const result = checker.check(list);
        // Twice: the second time every finding's text comes from memory.
        assert.equal(answerJson(result), JSON.stringify(result));
        assert.equal(answerJson(checker.check(list)), JSON.stringify(result));
      }),
      { numRuns: 300 },
    );
  });
  it('writes what JSON.stringify writes for any plain data, frozen in part or not', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))))), fc.boolean(), (answer, freezeParts) => {
        if (freezeParts) for (const value of Object.values(answer)) deepFreeze(value);
        assert.equal(answerJson(answer), JSON.stringify(answer));
        assert.equal(answerJson(answer), JSON.stringify(answer), 'the second time, from remembered text');
      }),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { realContent, realChecker } from '../test-support.ts';
import { checkResultJson } from './result-json.ts';

describe('checkResultJson', () => {
  it('writes exactly what JSON.stringify writes, for any list of names (known, brand, unknown, repeated)', () => {
    const checker = realChecker();
    const { kb } = realContent();
    const names = [...kb.drugs.keys(), 'Lioresal', 'Xanax', '197391', 'alcohol', 'baclophen', 'Zorblax', ' tramadol '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 50 }), (list) => {
        const result = checker.check(list);
        // Twice: the second time every finding's text comes from memory.
        assert.equal(checkResultJson(result), JSON.stringify(result));
        assert.equal(checkResultJson(checker.check(list)), JSON.stringify(result));
      }),
      { numRuns: 300 },
    );
  });
});

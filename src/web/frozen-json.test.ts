import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { realChecker, realContent } from '../interactions/test-support.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';
import { answerJson, asciiJson, frozenJson } from './frozen-json.ts';

describe('answerJson', () => {
  // Frozen parts are written with non-ASCII characters as \u escapes: the same JSON value, other text.
  const sameJson = (text: string, value: unknown) => assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));

  it('writes the JSON of interaction checks, for any list of names (known, brand, unknown, repeated)', () => {
    const checker = realChecker();
    const { kb } = realContent();
    const names = [...kb.drugs.keys(), 'Lioresal', 'Xanax', '197391', 'alcohol', 'baclophen', 'Zorblax', ' tramadol '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 50 }), (list) => {
        const result = checker.check(list);
        // Twice: the second time every finding's text comes from memory.
        sameJson(answerJson(result), result);
        sameJson(answerJson(checker.check(list)), result);
      }),
      { numRuns: 300 },
    );
  });
  it('writes the JSON of any plain data, frozen in part or not, and frozen parts in ASCII', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))))), fc.boolean(), (answer, freezeParts) => {
        if (freezeParts) for (const value of Object.values(answer)) deepFreeze(value);
        sameJson(answerJson(answer), answer);
        sameJson(answerJson(answer), answer);
        if (!freezeParts) assert.equal(answerJson(answer), JSON.stringify(answer), 'nothing frozen: exactly JSON.stringify');
        for (const value of Object.values(answer)) if (value !== null && typeof value === 'object' && Object.isFrozen(value)) assert.match(frozenJson(value), /^[ -~]*$/);
      }),
      { numRuns: 500 },
    );
  });

  it('asciiJson keeps the JSON value of any text, and leaves ASCII text as it is', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = JSON.stringify({ value, text });
        const ascii = asciiJson(json);
        assert.match(ascii, /^[ -~]*$/);
        assert.deepEqual(JSON.parse(ascii), JSON.parse(json));
        if (/^[ -~]*$/.test(json)) assert.equal(ascii, json);
      }),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verdictLabel } from './myth-verdicts.ts';
import { MythVerdict } from './schema.ts';

test('every verdict the content may use has its own words, and nothing else does', () => {
  assert.deepEqual(Object.keys(verdictLabel).sort(), [...MythVerdict.options].sort());
  const labels = Object.values(verdictLabel);
  assert.ok(labels.every((l) => l.trim().length > 0));
  assert.equal(new Set(labels).size, labels.length, 'two verdicts read the same');
});

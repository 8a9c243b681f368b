import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KnowledgeBase } from './knowledge-base.ts';

const kb = KnowledgeBase.fromDirectory('content');

test('repeated searches give the same answer, case-insensitively, and answers cannot be changed by a caller', () => {
  const first = kb.search('Baclofen withdrawal');
  const again = kb.search('baclofen WITHDRAWAL');
  assert.ok(first.length > 0);
  assert.deepEqual(again, first);
  assert.ok(Object.isFrozen(again));
  assert.deepEqual(kb.search('baclofen withdrawal', 3), first.slice(0, 3), 'the limit is part of the answer');
});

test('search memory stays bounded: thousands of distinct queries still answer correctly', () => {
  for (let i = 0; i < 2_500; i++) kb.search(`query ${i}`);
  assert.equal(kb.search('baclophen')[0]?.id, 'baclofen');
});

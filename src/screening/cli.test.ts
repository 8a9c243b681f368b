import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../cli/main.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

test('rxsafety screen audit-c --answers 3,2,1 --sex female --json', async () => {
  const { status, out } = await cli('screen', 'audit-c', '--answers', '3,2,1', '--sex', 'female', '--json');
  assert.equal(status, 0);
  const result = JSON.parse(out);
  assert.equal(result.score, 6);
  assert.equal(result.action, 'contact-prescriber');
  assert.equal(result.questionnaireResponse.item.length, 3);
});

test('the withdrawal check takes named answers; a red flag exits 1 with 911 first', async () => {
  const { status, out } = await cli('screen', 'baclofen-withdrawal', '--answer', 'route=oral', '--answer', 'trouble-breathing=yes');
  assert.equal(status, 1);
  assert.match(out, /^EMERGENCY: Call 911 now/);
  assert.match(out, /What to tell the 911 dispatcher/);
});

test('bad input exits 2 naming the item', async () => {
  const { status, err } = await cli('screen', 'audit-c', '--answers', '3,9,1', '--sex', 'male');
  assert.equal(status, 2);
  assert.match(err, /answers\.q2/);
  assert.equal((await cli('screen', 'phq-9', '--answers', '1')).status, 2);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('rxsafety check', () => {
  test('finds a major interaction and exits 1 at the default --fail-on major', async () => {
    const r = await run('check', 'baclofen', 'tramadol', 'alcohol');
    assert.equal(r.status, 1);
    assert.match(r.out, /MAJOR: Baclofen \+ Tramadol/);
    assert.match(r.out, /What to do:/);
  });

  test('--fail-on contraindicated passes a major finding; --json prints the API shape', async () => {
    const r = await run('check', 'baclofen', 'tramadol', '--json', '--fail-on', 'contraindicated');
    assert.equal(r.status, 0);
    assert.equal(JSON.parse(r.out).highestSeverity, 'major');
  });

  test('a moderate finding fails at --fail-on moderate and passes at major', async () => {
    assert.equal((await run('check', 'baclofen', 'lithium', '--fail-on', 'moderate')).status, 1);
    assert.equal((await run('check', 'baclofen', 'lithium')).status, 0);
  });

  test('no interaction exits 0', async () => {
    const r = await run('check', 'baclofen', 'acetaminophen');
    assert.equal(r.status, 0);
    assert.match(r.out, /does not prove/);
  });

  test('bad input exits 2: no drugs, unknown --fail-on, an unrecognised drug', async () => {
    assert.equal((await run('check')).status, 2);
    assert.equal((await run('check', 'baclofen', '--fail-on', 'deadly')).status, 2);
    const unknown = await run('check', 'baclofen', 'Zorblax');
    assert.equal(unknown.status, 2);
    assert.match(unknown.out, /NOT CHECKED: "Zorblax"/);
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { runNode } from './child-server.ts';

/** Starts `npm start` with a bad environment; returns its exit code and what it printed. */
async function startWith(env: Record<string, string>) {
  const child = runNode('src/main.ts', { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', ...env });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

const cases: { env: Record<string, string>; names: string[] }[] = [
  { env: { PORT: 'eighty' }, names: ['PORT'] },
  { env: { PORT: '70000' }, names: ['PORT'] },
  { env: { DATABASE_URL: 'mysql://db.example/rxsafety' }, names: ['DATABASE_URL'] },
  { env: { PORT: '-1', DATABASE_URL: 'oracle:x', REDIS_URL: 'http://cache' }, names: ['PORT', 'DATABASE_URL', 'REDIS_URL'] },
];

for (const { env, names } of cases) {
  test(`${JSON.stringify(env)} stops start-up with a message naming ${names.join(', ')}`, async () => {
    const { code, output } = await startWith(env);
    assert.notEqual(code, 0, 'the process exits non-zero');
    assert.match(output, /rxsafety cannot start/);
    for (const name of names) assert.match(output, new RegExp(`^\\s*- ${name}: `, 'm'), `the message names ${name}: ${output}`);
    assert.doesNotMatch(output, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace, just the message');
    assert.doesNotMatch(output, /rxsafety listening/, 'it never started listening');
  });
}

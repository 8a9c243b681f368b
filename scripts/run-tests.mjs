#!/usr/bin/env node
// Node 20's test runner has no glob for --test, so list the test files here.
// Test files live beside the code: src/**/foo.test.ts(x); cross-cutting suites in test/.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir, out = []) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...findTests('src'), ...findTests('test')].sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  // A test file whose tests are done but that leaves a handle open must not hang CI: force the exit,
  // and give any single test at most five minutes.
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-force-exit', '--test-timeout=300000', '--test-concurrency=3', ...files],
  { stdio: 'inherit', env: { ...process.env, RXSAFETY_LOG_LEVEL: process.env.RXSAFETY_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ContentError } from '../knowledge/content-files.ts';
import { loadInstruments } from './instruments.ts';
import { instruments } from './test-fixtures.ts';

test('the real content loads: four instruments, every rule naming real items and sources', () => {
  assert.deepEqual([...instruments.keys()].sort(), ['audit', 'audit-c', 'baclofen-misuse', 'baclofen-withdrawal']);
});

test('a rule naming an unknown item or source stops loading, naming the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-q-'));
  try {
    cpSync('content/questionnaires', join(dir, 'questionnaires'), { recursive: true });
    const file = join(dir, 'questionnaires', 'baclofen-withdrawal.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('anyOf: [seizure]', 'anyOf: [seizures]').replace('sources: [label-baclofen-tablets-us, leung-2006]', 'sources: [no-such-source]'));
    assert.throws(
      () => loadInstruments(dir, new Set(['label-baclofen-tablets-us'])),
      (error: ContentError) =>
        error instanceof ContentError &&
        error.issues.some((i) => i.file === 'questionnaires/baclofen-withdrawal.yaml' && i.field === 'redFlags.0' && /unknown item "seizures"/.test(i.message)) &&
        error.issues.some((i) => /unknown source "no-such-source"/.test(i.message)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a red flag cannot be given a milder action in the content (the schema has no such field)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-q-'));
  try {
    cpSync('content/questionnaires', join(dir, 'questionnaires'), { recursive: true });
    const file = join(dir, 'questionnaires', 'baclofen-withdrawal.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - id: seizure\n', '  - id: seizure\n    action: urgent\n'));
    assert.throws(() => loadInstruments(dir, new Set(['label-baclofen-tablets-us', 'leung-2006'])), /unknown field\(s\) action/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

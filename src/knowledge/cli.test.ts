import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { captureIo } from '../cli/cli-io.ts';
import { runCli } from '../cli/main.ts';
import { writeFixtureContent } from './fixture-content.ts';

describe('rxsafety CLI: knowledge commands', () => {
  test('drug <name> prints the record with numbered references and the review status', async () => {
    const io = captureIo();
    assert.equal(await runCli(['drug', 'Lioresal'], io), 0);
    assert.match(io.stdout, /^Baclofen \(Lioresal/);
    assert.match(io.stdout, /not yet reviewed by a clinician/);
    assert.match(io.stdout, /WITHDRAWAL|STOPPING/);
    assert.match(io.stdout, /REFERENCES\n\[1\] /);
  });

  test('drug --json gives the API shape; a misspelling resolves', async () => {
    const io = captureIo();
    assert.equal(await runCli(['drug', 'baclophen', '--json'], io), 0);
    const drug = JSON.parse(io.stdout) as { id: string; matchedBy: string; sections: unknown[] };
    assert.equal(drug.id, 'baclofen');
    assert.equal(drug.matchedBy, 'misspelling');
    assert.ok(drug.sections.length >= 16);
  });

  test('an unknown drug is a readable message with suggestions and exit 1; no name is a usage error', async () => {
    const io = captureIo();
    assert.equal(await runCli(['drug', 'baklofenol'], io), 1);
    assert.match(io.stderr, /No drug called "baklofenol"\. Did you mean: .*Baclofen/);
    const usage = captureIo();
    assert.equal(await runCli(['drug'], usage), 2);
    assert.match(usage.stderr, /Usage: rxsafety drug <name>/);
  });

  test('unknown commands and options are usage errors, not stack traces', async () => {
    const io = captureIo();
    assert.equal(await runCli(['frobnicate'], io), 2);
    assert.match(io.stderr, /Unknown command "frobnicate"/);
    const opt = captureIo();
    assert.equal(await runCli(['drug', 'baclofen', '--colour'], opt), 2);
    assert.match(opt.stderr, /Unknown option '--colour'/);
    assert.doesNotMatch(opt.stderr, /at .*\.ts:\d+/);
  });

  test('search prints matches', async () => {
    const io = captureIo();
    assert.equal(await runCli(['search', 'baclofen', 'withdrawal'], io), 0);
    assert.match(io.stdout, /\/drugs\/baclofen#withdrawal/);
  });

  test('content lint passes on the bundled content and fails, naming file and field, on broken content', async () => {
    const ok = captureIo();
    assert.equal(await runCli(['content', 'lint'], ok), 0);
    assert.match(ok.stdout, /not yet reviewed by a clinician/);
    const dir = writeFixtureContent({ 'sources/label-a.yaml': 'id: label-a\nkind: label\n' });
    try {
      const bad = captureIo();
      assert.equal(await runCli(['content', 'lint', '--dir', dir], bad), 1);
      assert.match(bad.stderr, /error: sources\/label-a\.yaml: title: expected string/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('content lint flags a review that is past due', async () => {
    const dir = writeFixtureContent({
      'drugs/testdrug.yaml':
        'id: testdrug\nname: Testdrug\ndepth: concise\nsummary: "A drug used in tests."\nreview: { status: reviewed, compiledOn: 2020-01-01, reviewer: { name: "Test Reviewer", credentials: "PharmD" }, reviewedOn: 2020-02-01, nextReviewDue: 2021-02-01 }\nsections:\n  - id: overview\n    title: Overview\n    claims:\n      - { id: c1, text: "Testdrug makes people sleepy.", sources: [label-a] }\n',
    });
    try {
      const io = captureIo();
      assert.equal(await runCli(['content', 'lint', '--dir', dir], io), 0);
      assert.match(io.stdout, /warning: drugs\/testdrug\.yaml: review overdue: .*due on 2021-02-01/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the installed bin runs (npx rxsafety)', () => {
    const out = execFileSync(process.execPath, ['bin/rxsafety.js', 'drug', 'gablofen'], { encoding: 'utf8' });
    assert.match(out, /^Baclofen/);
    const bad = spawnSync(process.execPath, ['bin/rxsafety.js', 'drug'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });

  test('a broken content folder stops the server with a message naming the file and field', () => {
    const dir = writeFixtureContent({ 'drugs/testdrug.yaml': 'id: testdrug\nname: T\n' });
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        encoding: 'utf8',
        env: { ...process.env, CONTENT_DIR: dir, PORT: '0', DATABASE_URL: 'sqlite::memory:' },
        timeout: 30_000,
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /rxsafety cannot start/);
      assert.match(result.stderr, /drugs\/testdrug\.yaml: name: /);
      assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

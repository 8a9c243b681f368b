import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/main.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { CONSENT } from './consent.ts';
import { subscriptionsToCsv } from './csv.ts';
import { SubscriptionStore } from './store.ts';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

test('subscribers export and delete work on the configured database', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-subs-'));
  const file = join(dir, 'db.sqlite');
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `sqlite:${file}`;
  t.after(() => (previous === undefined ? delete process.env.DATABASE_URL : (process.env.DATABASE_URL = previous)));

  const handle = openDatabase({ databaseUrl: `sqlite:${file}`, dataDir: dir });
  await migrateToLatest(handle.db);
  const store = new SubscriptionStore(handle.db);
  const now = new Date('2026-03-01T00:00:00Z');
  for (const email of ['one@example.org', '=cmd@example.org']) {
    await store.signUp({ email, topics: ['baclofen'], consent: CONSENT, now, confirmationTtlMs: 60_000 });
  }
  await handle.close();

  const csvPath = join(dir, 'out.csv');
  const exported = captureIo();
  assert.equal(await runCli(['subscribers', 'export', '--out', csvPath], exported.io), 0);
  const csv = readFileSync(csvPath, 'utf8');
  assert.match(csv, /^email,topics,consentVersion/);
  assert.match(csv, /\r\n'=cmd@example\.org,baclofen,/, 'a formula-like cell is neutralised');
  assert.ok(csv.includes(CONSENT.version) && csv.includes(`"${CONSENT.text}"`));
  assert.equal(statSync(csvPath).mode & 0o077, 0, 'only the owner can read the export');

  const deleted = captureIo();
  assert.equal(await runCli(['subscribers', 'delete', 'ONE@example.org'], deleted.io), 0);
  assert.match(deleted.out.join(''), /^erased/);
  const bad = captureIo();
  assert.equal(await runCli(['subscribers', 'delete', 'not-an-email'], bad.io), 2);

  const again = openDatabase({ databaseUrl: `sqlite:${file}`, dataDir: dir });
  t.after(() => again.close());
  assert.deepEqual((await new SubscriptionStore(again.db).list()).map((r) => r.email), ['=cmd@example.org']);
});

test('CSV cells with commas, quotes and line breaks stay one cell', () => {
  const csv = subscriptionsToCsv([
    {
      email: 'a@example.org', topics: ['baclofen'], consentVersion: 'v', consentText: 'He said "yes",\nthen left',
      consentedAt: 't', requestedAt: 't', confirmedAt: null, unsubscribedAt: null,
    },
  ]);
  assert.equal(csv.split('\r\n')[1], 'a@example.org,baclofen,v,t,t,,,"He said ""yes"",\nthen left"');
});

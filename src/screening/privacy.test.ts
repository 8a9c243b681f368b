import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

/**
 * Answers are health data: after submitting answers carrying a unique marker through every route
 * that takes answers, the marker must appear in no log line and no database row.
 */
test('submitted answers are never written to the logs or the database', async () => {
  const server = await startTestServer();
  try {
    const marker = `privacy${randomUUID().replaceAll('-', '')}`;
    const hours = 400 + Math.floor(Math.random() * 8000) + 0.123;
    // An invalid answer carrying the marker (rejected with 400), a valid one carrying a unique number…
    const api = [
      await server.post('/api/v1/screenings/baclofen-withdrawal', { answers: { route: 'oral', seizure: marker } }),
      await server.post('/api/v1/screenings/baclofen-withdrawal', { answers: { [marker]: true } }),
      await server.post('/api/v1/screenings/audit-c', { answers: { q1: 1, q2: 1, q3: 1 }, sex: marker }),
      await server.post('/api/v1/screenings/baclofen-withdrawal', {
        answers: { route: 'oral', 'hours-since-last-dose': hours, seizure: false, unresponsive: false, 'trouble-breathing': false, hallucinations: false, confusion: false, 'high-fever': false, 'severe-rigidity': false, agitation: false, anxiety: true, insomnia: false, 'itching-without-rash': false, 'spasticity-return': false, 'pump-alarm': false, 'took-more-than-prescribed': false },
      }),
    ];
    assert.deepEqual(api.map((r) => r.status), [400, 400, 400, 200]);
    assert.ok((await api[3]!.text()).includes(String(hours)), 'the valid answer reached the response');
    // …and the same through the HTML forms and the download.
    const form = (path: string, fields: Record<string, string>) =>
      server.post(path, new URLSearchParams(fields).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const pages = [
      await form('/check/baclofen-withdrawal', { route: 'oral', seizure: marker, unresponsive: 'yes' }),
      await form('/check/baclofen-withdrawal', { route: 'oral', 'hours-since-last-dose': String(hours), anxiety: marker }),
      await form('/check/baclofen-withdrawal/answers.json', { route: 'oral', 'hours-since-last-dose': String(hours) }),
    ];
    assert.deepEqual(pages.map((r) => r.status), [200, 400, 200]);
    for (const res of [...api, ...pages]) await res.body?.cancel().catch(() => {});

    const needles = [marker, String(hours)];
    assert.ok(server.logLines.length > 0, 'the logger captured the requests');
    for (const line of server.logLines) {
      for (const needle of needles) assert.ok(!line.includes(needle), `a log line contains submitted answers: ${line}`);
    }
    const db = server.deps.database.db;
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    assert.ok(tables.length > 0, 'the test database has tables to search');
    for (const table of tables) {
      const rows = await db.selectFrom(table.name as never).selectAll().execute();
      const dump = JSON.stringify(rows);
      for (const needle of needles) assert.ok(!dump.includes(needle), `table ${table.name} holds submitted answers`);
    }
  } finally {
    await server.close();
  }
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFile } from '../../src/testing/environment.ts';
import { startTestServer } from '../../src/testing/test-server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ownInputs = readFileSync(join(here, 'health-inputs.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));

/**
 * Every way a person's text reaches the server, in the fields the real routes read (the guard judges
 * inputs no route reads more strictly, so a test must send text where a person can type it).
 */
function requestsFor(text: string): { method: 'GET' | 'POST'; path: string; body?: unknown; form?: string }[] {
  const q = encodeURIComponent(text);
  return [
    { method: 'GET', path: `/search?q=${q}` },
    { method: 'GET', path: `/api/v1/search?q=${q}` },
    { method: 'GET', path: `/interactions?drugs=${q}` },
    { method: 'GET', path: `/api/v1/interactions?drugs=${q}` },
    { method: 'POST', path: '/api/v1/interactions/check', body: { drugs: ['baclofen', text] } },
    { method: 'POST', path: '/api/v1/plans/titration', body: { drug: text, targetDailyMg: 30 } },
    { method: 'GET', path: `/plans?drug=${q}` },
    { method: 'POST', path: '/api/v1/screenings/audit-c', body: { answers: { q1: text } } },
    { method: 'POST', path: '/api/v1/subscriptions', body: { email: text, consent: true } },
    { method: 'POST', path: '/subscriptions', form: `email=${q}&consent=on` },
    { method: 'GET', path: `/api/v1/facilities?near=${q}` },
    { method: 'GET', path: `/treatment?zip=${q}` },
  ];
}

describe('legitimate inputs are never blocked', () => {
  it('shared list and our own list, on every input route', async (t) => {
    const shared = sharedFile('data/security/legitimate-inputs.txt');
    const inputs = [...(shared ? readFileSync(shared, 'utf8').split('\n').filter(Boolean) : []), ...ownInputs];
    if (!shared) console.log('skipping ../shared/data/security/legitimate-inputs.txt (absent); using our own list only');
    const server = await startTestServer({ config: { RATE_LIMIT_PER_MINUTE: 100_000 } });
    t.after(() => server.close());
    const blocked: string[] = [];
    for (const text of inputs) {
      for (const r of requestsFor(text)) {
        const response =
          r.method === 'GET'
            ? await server.get(r.path)
            : r.form !== undefined
              ? await server.post(r.path, r.form, { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
              : await server.post(r.path, r.body);
        await response.arrayBuffer();
        if (response.status === 403) blocked.push(`${r.method} ${r.path.split('?')[0]}: ${text}`);
      }
    }
    console.log(`legitimate inputs: ${inputs.length} × ${requestsFor('x').length} routes, blocked ${blocked.length}`);
    assert.deepEqual(blocked, []);
  });
});

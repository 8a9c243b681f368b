import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

describe('interactions API', () => {
  test('POST /api/v1/interactions/check returns the documented shape', async () => {
    const res = await server.post('/api/v1/interactions/check', { drugs: ['baclofen', 'tramadol'] });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.resolved.map((r: { id: string }) => r.id), ['baclofen', 'tramadol']);
    assert.deepEqual(body.unresolved, []);
    assert.equal(body.interactions.length, 1);
    const [i] = body.interactions;
    assert.deepEqual(i.drugs, ['baclofen', 'tramadol']);
    for (const key of ['severity', 'summary', 'mechanism', 'effect', 'management', 'evidence', 'sources', 'ruleId']) assert.ok(key in i, key);
    assert.equal(body.highestSeverity, 'major');
    assert.deepEqual(body.duplicates, []);
  });

  test('GET with comma-separated and repeated drugs gives the same answer as POST', async () => {
    const a = await (await server.get('/api/v1/interactions?drugs=baclofen,alcohol,Xanax')).json();
    const b = await (await server.get('/api/v1/interactions?drugs=baclofen&drugs=alcohol&drugs=Xanax')).json();
    const c = await (await server.post('/api/v1/interactions/check', { drugs: ['baclofen', 'alcohol', 'Xanax'] })).json();
    assert.deepEqual(a, c);
    assert.deepEqual(b, c);
    assert.equal(c.interactions.length, 3);
  });

  test('an unknown drug is listed as not checked', async () => {
    const body = await (await server.get('/api/v1/interactions?drugs=baclofen,Zorblax')).json();
    assert.equal(body.unresolved[0].input, 'Zorblax');
    assert.equal(body.complete, false);
    assert.match(body.notice, /NOT CHECKED/);
  });

  test('each blank or over-long name is named at its place, all in one answer; names are trimmed', async () => {
    const res = await server.post('/api/v1/interactions/check', { drugs: ['baclofen', '   ', 'x'.repeat(201), ' tramadol ', ''] });
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    assert.deepEqual(problem.errors, [
      { field: 'drugs.1', message: 'expected a drug name, brand name or RxCUI' },
      { field: 'drugs.2', message: 'at most 200 characters' },
      { field: 'drugs.4', message: 'expected a drug name, brand name or RxCUI' },
    ]);
    const padded = await (await server.post('/api/v1/interactions/check', { drugs: [' baclofen ', 'x'.repeat(200) + '  '] })).json();
    assert.deepEqual(
      padded.resolved.map((r: { input: string }) => r.input).concat(padded.unresolved.map((u: { input: string }) => u.input)),
      ['baclofen', 'x'.repeat(200)],
    );
  });

  const bad: [string, () => Promise<Response>, RegExp][] = [
    ['an empty list', () => server.post('/api/v1/interactions/check', { drugs: [] }), /drugs/],
    ['more than 50', () => server.post('/api/v1/interactions/check', { drugs: Array.from({ length: 51 }, () => 'baclofen') }), /drugs/],
    ['not strings', () => server.post('/api/v1/interactions/check', { drugs: ['baclofen', 42] }), /drugs\.1/],
    ['no drugs field', () => server.post('/api/v1/interactions/check', { medicines: ['baclofen'] }), /drugs/],
    ['wrong content type', () => server.post('/api/v1/interactions/check', 'drugs=baclofen', { headers: { 'content-type': 'text/plain' } }), /drugs|JSON|content/i],
    ['malformed JSON', () => server.post('/api/v1/interactions/check', '{"drugs": [', {}), /JSON/],
    ['an empty GET', () => server.get('/api/v1/interactions?drugs='), /drugs/],
  ];
  for (const [name, send, field] of bad) {
    test(`bad input: ${name} → 400 problem+json naming the field`, async () => {
      const res = await send();
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = await res.json();
      assert.match(problem.detail, field);
      assert.doesNotMatch(JSON.stringify(problem), /at .*\.ts:|node_modules/);
    });
  }
});

describe('interactions page', () => {
  test('the form works without JavaScript and shows results with words, management first and references', async () => {
    const res = await server.get('/interactions?drugs=baclofen&drugs=tramadol&drugs=Zorblax');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<form action="\/interactions" method="get"/);
    assert.match(html, /<label for="drug-1">/);
    assert.match(html, /<legend>/);
    assert.match(html, /severity severity-major">Major: serious risk</);
    assert.ok(html.indexOf('What to do:') < html.indexOf('Tramadol with baclofen can slow breathing'), 'management comes first');
    assert.match(html, /id="references"/);
    assert.match(html, /Not checked/);
    assert.match(html, /&quot;Zorblax&quot;|"Zorblax"/);
    assert.match(html, /does not replace your prescriber/);
    assert.doesNotMatch(html, /<script>(?!<)/);
  });

  test('the baclofen page link pre-fills the form; Add another adds a row', async () => {
    const html = await (await server.get('/interactions?drugs=baclofen')).text();
    assert.match(html, /value="baclofen"/);
    const added = await (await server.get('/interactions?drugs=baclofen&drugs=alcohol&add=1')).text();
    assert.match(added, /id="drug-3"/);
  });

  test('the print view leaves out the form and keeps the results', async () => {
    const html = await (await server.get('/interactions?drugs=baclofen,alcohol&print=1')).text();
    assert.doesNotMatch(html, /<form action="\/interactions"/);
    assert.match(html, /class="print-view"/);
    assert.match(html, /Alcohol \+ Baclofen/);
  });

  test('negative control on the page says no interaction found, not that it is safe', async () => {
    const html = await (await server.get('/interactions?drugs=baclofen,acetaminophen')).text();
    assert.match(html, /No interaction found/);
    assert.match(html, /does not prove the combination is safe/);
  });

  test('every rule has a page', async () => {
    const res = await server.get('/interactions/rules/baclofen-tramadol');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Drugs\.com/);
    assert.equal((await server.get('/interactions/rules/nope')).status, 404);
  });
});

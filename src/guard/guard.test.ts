import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { deeperThan, nestingDepth } from './middleware.tsx';
import { skipUnlessAvailable } from '../testing/environment.ts';
import { startTestServer } from '../testing/test-server.ts';

const attack = encodeURIComponent("' OR 1=1 --");

describe('guard middleware', () => {
  it('blocks a page request with a plain-words 403 page and a reference id, logged without the input', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const response = await server.get(`/search?q=${attack}`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 403);
    const html = await response.text();
    assert.match(html, /looked like an attempt to attack/);
    assert.match(html, /1-800-662-4357/);
    const referenceId = response.headers.get('x-request-id')!;
    assert.ok(html.includes(referenceId), 'the page shows the reference id');
    assert.match(html, /127\.0\.0\.1/);
    assert.doesNotMatch(html, /sqli|score|rule/i, 'never reveals the detection details');
    const line = server.logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'guard block');
    assert.equal(line.referenceId, referenceId);
    assert.ok(line.rules.length > 0 && line.score >= 5);
    assert.ok(!server.logLines.some((l) => l.includes('OR 1=1')), 'the input never reaches the log');
    const metrics = await (await server.get('/metrics')).text();
    assert.match(metrics, /rxsafety_guard_blocks_total\{rule="sqli-[\w-]+",mode="block"\} 1/);
  });

  it('answers the API with problem+json carrying the same reference id', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const response = await server.get(`/api/v1/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const problem = await response.json();
    assert.equal(problem.code, 'request-blocked');
    assert.equal(problem.referenceId, response.headers.get('x-request-id'));
    assert.ok(problem.time && problem.clientAddress);
    assert.equal(JSON.stringify(problem).includes('xss'), false);
  });

  it('shows the block page for a request a proxy in front refused, with the proxy\'s request id as the reference', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    // nginx sends its refusals here (deploy/nginx-rxsafety.conf), with its own request id.
    const proxyId = '0f8e2c4b9a7d6e5f1a2b3c4d5e6f7a8b';
    const page = await server.get('/blocked', { headers: { accept: 'text/html', 'x-request-id': proxyId } });
    assert.equal(page.status, 403);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    assert.match(html, /We could not accept this request/);
    assert.match(html, /1-800-662-4357/);
    assert.ok(html.includes(`<code>${proxyId}</code>`), 'the reference is the proxy\'s request id');
    const api = await server.get('/blocked', { headers: { accept: 'application/json', 'x-request-id': proxyId } });
    assert.equal(api.status, 403);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
    assert.equal((await api.json()).referenceId, proxyId);
    // Not a block by this guard: nothing counted as one.
    assert.ok(!server.logLines.some((l) => l.includes('guard block')));
  });

  it('lets health questions through', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    for (const q of ["O'Brien", 'drop in blood pressure', 'select a drug', '<5 mg', '1-800-662-4357', 'naïve', 'баклофен']) {
      const response = await server.get(`/search?q=${encodeURIComponent(q)}`);
      assert.notEqual(response.status, 403, q);
    }
  });

  it('monitor mode logs but lets the request through; off does nothing', async (t) => {
    const monitor = await startTestServer({ config: { GUARD_MODE: 'monitor' } });
    t.after(() => monitor.close());
    assert.notEqual((await monitor.get(`/search?q=${attack}`)).status, 403);
    assert.ok(monitor.logLines.some((l) => l.includes('"guard block"') && l.includes('"mode":"monitor"')));
    const off = await startTestServer({ config: { GUARD_MODE: 'off' } });
    t.after(() => off.close());
    assert.notEqual((await off.get(`/search?q=${attack}`)).status, 403);
    assert.ok(!off.logLines.some((l) => l.includes('"guard block"')));
  });

  it('route exceptions relax named categories only, and bad exceptions stop start-up', async (t) => {
    const server = await startTestServer({ config: { GUARD_EXCEPTIONS: '/search=xss' } });
    t.after(() => server.close());
    assert.notEqual((await server.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).status, 403);
    assert.equal((await server.get(`/search?q=${attack}`)).status, 403, 'SQL injection still blocked');
    await assert.rejects(startTestServer({ config: { GUARD_EXCEPTIONS: '/search=sqlinjection' } }), /unknown category/);
  });

  it('FHIR JSON on CDS Hooks passes by default (URLs and narrative XHTML)', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const response = await server.post('/cds-services/rxsafety-interactions', {
      hook: 'order-select',
      context: { draftOrders: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'id', text: { div: '<div xmlns="http://www.w3.org/1999/xhtml">baclofen</div>' }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }] } } }] } },
    });
    assert.notEqual(response.status, 403);
  });

  it('serves the PDF guide path and its page (no command rule fires on ".pdf")', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    for (const path of ['/guides/baclofen.pdf', '/guides/baclofen', '/drugs/baclofen']) {
      const response = await server.get(path);
      await response.arrayBuffer();
      assert.notEqual(response.status, 403, path);
    }
  });

  it('judges inputs no route reads strictly, and the route\'s own fields leniently', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const text = encodeURIComponent('1=1 isn\'t a dose || order by distance');
    assert.notEqual((await server.get(`/search?q=${text}`)).status, 403, 'the search box reads q');
    assert.equal((await server.get(`/search?debug=${text}`)).status, 403, 'nothing reads debug');
    assert.equal((await server.get(`/no-such-page?x=${encodeURIComponent('IS NULL')}`)).status, 403, 'an unknown route reads nothing');
    assert.notEqual((await server.get('/?utm_source=newsletter&utm_campaign=december')).status, 403, 'plain tracking tags pass anywhere');
    assert.equal((await server.get('/get', { headers: { cookie: 'session=1 xor 2' } })).status, 403, 'the app sets no cookies');
    const member = await server.post('/api/v1/interactions/check', { drugs: ['baclofen'], extra: "' || pg_sleep(5) --" });
    assert.equal(member.status, 403, 'an unknown JSON member is strict');
    const known = await server.post('/api/v1/interactions/check', { drugs: ['baclofen', 'drop in blood pressure || dizziness'] });
    assert.notEqual(known.status, 403, 'the drug list is lenient');
  });

  it('enforces request limits: body size, parameter count, nesting', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    assert.equal((await server.post('/api/v1/search', { text: 'a'.repeat(70 * 1024) })).status, 413);
    const many = Array.from({ length: 250 }, (_, i) => `p${i}=1`).join('&');
    assert.equal((await server.get(`/search?${many}`)).status, 400);
    assert.equal((await server.post('/api/v1/search', '['.repeat(100) + ']'.repeat(100))).status, 400);
    // Too deep, whether the JSON is valid or not: refused for its depth, with the limit named.
    for (const body of ['['.repeat(33) + ']'.repeat(33), '{"drugs":' + '['.repeat(40), '['.repeat(25_000) + ']'.repeat(25_000)]) {
      const response = await server.post('/api/v1/interactions/check', body);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { detail: string }).detail, /nested deeper than 32 levels/);
    }
    // At the limit the depth is not the complaint (the route's own validation is).
    const atLimit = await server.post('/api/v1/interactions/check', '['.repeat(32) + ']'.repeat(32));
    assert.equal(atLimit.status, 400);
    assert.doesNotMatch(((await atLimit.json()) as { detail: string }).detail, /nested deeper/);
    // A body within every limit still reaches the route.
    const fine = await server.post('/api/v1/interactions/check', { drugs: ['baclofen', 'tramadol'] });
    assert.equal(fine.status, 200);
    assert.equal(((await fine.json()) as { resolved: unknown[] }).resolved.length, 2);
  });

  it('rate-limits writes and searches per client in memory, with Retry-After', async (t) => {
    const server = await startTestServer({ config: { RATE_LIMIT_PER_MINUTE: 3 } });
    t.after(() => server.close());
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await server.get('/api/v1/search?q=baclofen')).status);
    assert.deepEqual(statuses.slice(3), [429, 429]);
    const limited = await server.get('/api/v1/search?q=baclofen');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await limited.json()).code, 'rate-limited');
    assert.equal((await server.get('/drugs/baclofen')).status === 429, false, 'pages are not limited');
  });
});

describe('Redis-backed rate limit', () => {
  it('two servers share one limit through Redis', async (t) => {
    const url = 'redis://127.0.0.1:6379';
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const available = await probe.connect().then(() => true, () => false);
    if (skipUnlessAvailable(t, available, 'Redis is not running at 127.0.0.1:6379')) return;
    await probe.eval("for _,k in ipairs(redis.call('keys','rxsafety:ratelimit:*')) do redis.call('del',k) end", 0);
    await probe.quit();
    const a = await startTestServer({ env: { REDIS_URL: url }, config: { RATE_LIMIT_PER_MINUTE: 4 } });
    const b = await startTestServer({ env: { REDIS_URL: url }, config: { RATE_LIMIT_PER_MINUTE: 4 } });
    t.after(async () => {
      await a.close();
      await b.close();
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await a.get('/api/v1/search?q=baclofen')).status);
      statuses.push((await b.get('/api/v1/search?q=baclofen')).status);
    }
    assert.equal(statuses.filter((s) => s === 429).length, 2, `4 allowed across both servers: ${statuses}`);
  });
});

describe('JSON depth', () => {
  it('property: the parsed value is too deep exactly when its text nests deeper than the limit', () => {
    const deepValue = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 3 }), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(deepValue, fc.integer({ min: 0, max: 40 }), (value, limit) => {
        const text = JSON.stringify(value);
        assert.equal(deeperThan(JSON.parse(text), limit), nestingDepth(text) > limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('stops at the limit on a value far deeper than any stack', () => {
    const depth = 1_000_000;
    const value = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    assert.equal(deeperThan(value, 32), true);
    assert.equal(deeperThan([[[]]], 3), false);
    assert.equal(deeperThan([[[]]], 2), true);
    assert.equal(deeperThan({ a: { b: 'x' } }, 2), false);
  });
});

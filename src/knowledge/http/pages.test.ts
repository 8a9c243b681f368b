import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const CRISIS_NUMBERS = [
  ['911', 'tel:911'],
  ['988', 'tel:988'],
  ['1-800-662-4357', 'tel:+18006624357'],
  ['1-800-222-1222', 'tel:+18002221222'],
] as const;

function assertCrisisBox(html: string, page: string) {
  assert.match(html, /<aside id="get-help"/, `${page}: crisis box`);
  for (const [shown, href] of CRISIS_NUMBERS) {
    assert.ok(html.includes(`href="${href}"`), `${page}: ${shown} as a tel: link`);
    assert.ok(html.includes(shown), `${page}: ${shown} shown`);
  }
  assert.match(html, /href="#get-help"[^>]*>I need help now/, `${page}: help-now link`);
  assert.match(html, /<html lang="en">/, `${page}: lang`);
}

describe('site pages', () => {
  test('every page, including errors, carries the crisis box with all four numbers', async () => {
    const { drugs } = (await (await server.get('/api/v1/drugs')).json()) as { drugs: { id: string }[] };
    const pages = ['/', '/search?q=baclofen', '/search?q=zzzzzz', '/evidence/baclofen/alcohol-use-disorder', '/sources', '/sources/vlavonou-2014', '/api/docs', '/no-such-page', '/drugs/not-a-drug', ...drugs.map((d) => `/drugs/${d.id}`)];
    for (const page of pages) {
      const res = await server.get(page, { headers: { accept: 'text/html' } });
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, page);
      assertCrisisBox(await res.text(), page);
    }
  });

  test('the baclofen page has a table of contents, numbered references that resolve, and the review status', async () => {
    const html = await (await server.get('/drugs/baclofen')).text();
    for (const id of ['overview', 'withdrawal', 'interactions', 'evidence', 'myths', 'emergency']) {
      assert.ok(html.includes(`href="#${id}"`), `toc links ${id}`);
      assert.ok(html.includes(`<section id="${id}"`), `section ${id}`);
    }
    const cited = new Set([...html.matchAll(/href="#ref-(\d+)"/g)].map((m) => Number(m[1])));
    const listed = new Set([...html.matchAll(/<li id="ref-(\d+)"/g)].map((m) => Number(m[1])));
    assert.ok(cited.size > 30, `many references cited (${cited.size})`);
    for (const n of cited) assert.ok(listed.has(n), `reference ${n} is in the list`);
    assert.deepEqual([...listed].sort((a, b) => a - b), [...Array(listed.size).keys()].map((i) => i + 1), 'numbered 1..n');
    assert.match(html, /not yet reviewed by a clinician/);
    assert.match(html, /does not replace your prescriber/);
    assert.match(html, /href="\/interactions\?drugs=baclofen"/);
  });

  test('brand names and misspellings redirect to the canonical drug page; unknown names get suggestions', async () => {
    const res = await server.get('/drugs/Lioresal', { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/drugs/baclofen');
    const typo = await server.get('/drugs/baclophen', { redirect: 'manual' });
    assert.equal(typo.headers.get('location'), '/drugs/baclofen');
    const missing = await server.get('/drugs/baklofenol');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Did you mean/);
  });

  test('the evidence page shows each study with its figures from the study record, typed once', async () => {
    const { studies } = (await (await server.get('/api/v1/studies?drug=baclofen&condition=alcohol-use-disorder')).json()) as {
      studies: { id: string; title: string; effectSize: string }[];
    };
    const html = await (await server.get('/evidence/baclofen/alcohol-use-disorder')).text();
    const drugHtml = await (await server.get('/drugs/baclofen')).text();
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const s of studies) {
      assert.ok(html.includes(`id="study-${s.id}"`), `${s.id} row`);
      assert.ok(html.includes(escape(s.effectSize)), `${s.id} effect size from its record`);
      assert.ok(drugHtml.includes(escape(s.effectSize)), `${s.id} effect size on the drug page from the same record`);
    }
  });

  test('search results page lists matches and handles no results', async () => {
    const hit = await (await server.get('/search?q=baclophen')).text();
    assert.match(hit, /href="\/drugs\/baclofen"/);
    const miss = await (await server.get('/search?q=xyzzyplugh')).text();
    assert.match(miss, /Nothing found/);
  });

  test('every kind of response carries the security headers and a request id, and no X-Powered-By', async () => {
    const responses = {
      page: await server.get('/'),
      'not-found page': await server.get('/nowhere', { headers: { accept: 'text/html' } }),
      'problem+json': await server.get('/api/v1/drugs/qwertyuiop'),
      'validation problem': await server.get('/api/v1/search'),
      json: await server.get('/healthz'),
      asset: await server.get('/assets/site.css'),
      'guard block': await server.get(`/search?q=${encodeURIComponent("x' OR 1=1 --")}`),
    };
    for (const [kind, res] of Object.entries(responses)) {
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/, kind);
      assert.match(csp, /script-src 'self'(;|$)/, `${kind}: no inline script at all`);
      assert.doesNotMatch(csp, /unsafe-inline/, kind);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', kind);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', kind);
      assert.equal(res.headers.get('x-powered-by'), null, kind);
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, kind);
      await res.body?.cancel();
    }
    assert.equal(responses['guard block'].status, 403);
  });

  test('cached pages are served gzipped to clients that accept it, with the same HTML', async () => {
    const plain = await (await server.get('/drugs/baclofen')).text();
    // fetch() decompresses by itself; a raw request shows what goes over the wire.
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request(`${server.url}/drugs/baclofen`, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(headers['content-encoding'], 'gzip');
    assert.equal(headers.vary, 'accept-encoding');
    assert.match(String(headers['content-type']), /^text\/html; charset=utf-8/);
    assert.ok(body.length < plain.length / 3, `gzipped ${body.length} bytes vs ${plain.length}`);
    assert.equal(gunzipSync(body).toString('utf8'), plain);
  });
});

test('/drugs leads to the list of every medicine on the home page', async () => {
  const response = await server.get('/drugs', { redirect: 'manual' });
  await response.arrayBuffer();
  assert.equal(response.status, 301);
  assert.equal(response.headers.get('location'), '/#all-medicines');
  const home = await (await server.get('/')).text();
  assert.match(home, /<h2 id="all-medicines">All medicines and substances<\/h2>/);
  assert.match(home, /<a href="\/drugs\/tramadol">Tramadol<\/a>/);
});

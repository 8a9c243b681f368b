import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

test('no cache may keep an answer to what a person typed; answers the same for everyone keep their caching', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const typed = [
    '/search?q=baclofen%20withdrawal',
    '/api/v1/search?q=baclofen',
    '/interactions?drugs=baclofen,tramadol,alcohol',
    '/api/v1/interactions?drugs=baclofen,tramadol',
    '/treatment?zip=94110',
    '/api/v1/facilities?zip=94110',
    '/plans?kind=taper&currentDailyMg=60',
    // A bad query is answered with a problem that names what was typed: not kept either.
    '/api/v1/facilities?zip=abc',
  ];
  for (const path of typed) {
    const response = await server.get(path);
    await response.arrayBuffer();
    assert.equal(response.headers.get('cache-control'), 'no-store', path);
  }
  // The same answer for everyone: the drug page has no query, and a stylesheet asked for with one
  // keeps its own public caching.
  const page = await server.get('/drugs/baclofen');
  await page.arrayBuffer();
  assert.equal(page.headers.get('cache-control'), null);
  const asset = await server.get('/assets/site.css?v=1');
  await asset.arrayBuffer();
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=3600');
});

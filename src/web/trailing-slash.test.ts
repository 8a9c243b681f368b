import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

test('an address typed with a trailing slash leads to the page, never to another site', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const location = async (path: string, init: RequestInit = {}) => {
    const response = await server.get(path, Object.assign({ redirect: 'manual' }, init) as RequestInit);
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') };
  };
  assert.deepEqual(await location('/drugs/baclofen/'), { status: 301, location: '/drugs/baclofen' });
  assert.deepEqual(await location('/interactions/?drugs=baclofen,tramadol'), { status: 301, location: '/interactions?drugs=baclofen,tramadol' });
  assert.deepEqual(await location('/check/'), { status: 301, location: '/check' });
  // A path, not an absolute URL: behind a TLS proxy an absolute one would say http://.
  // And leading slashes collapse, so "//evil.example/" cannot become a link to another site.
  for (const path of ['//evil.example/', '///evil.example//']) {
    const { status, location: to } = await location(path);
    assert.equal(status, 301);
    assert.match(to ?? '', /^\/[^/]/, `${path} → ${to}`);
  }
  const redirect = await server.get('/drugs/baclofen/', { redirect: 'manual' });
  await redirect.arrayBuffer();
  assert.ok(redirect.headers.get('content-security-policy'), 'the redirect carries the security headers');
  assert.equal((await location('/')).status, 200, 'the home page stays');
  assert.equal((await location('/drugs/baclofen')).status, 200);
  const post = await server.post('/api/v1/interactions/check/', { drugs: ['baclofen', 'tramadol'] });
  await post.arrayBuffer();
  assert.equal(post.status, 404, 'a POST is not redirected (its body would be lost)');
});

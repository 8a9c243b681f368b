import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

test('every page names the site icon, which is served, and /favicon.ico leads to it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const home = await (await server.get('/')).text();
  const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"\/>/.exec(home)?.[1];
  assert.equal(href, '/assets/icon.svg');
  const icon = await server.get(href);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
  assert.match(await icon.text(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const favicon = await server.get('/favicon.ico', { redirect: 'manual' });
  assert.equal(favicon.status, 301);
  assert.equal(favicon.headers.get('location'), '/assets/icon.svg');
});

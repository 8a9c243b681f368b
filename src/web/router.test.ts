import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

// Hono's SmartRouter uses its RegExpRouter (one regular expression for every route: about 0.1 µs a
// match here) unless a route is one it cannot order, and then its TrieRouter for every request (1–4 µs
// a match, more for routes with parameters). Two such routes had slipped in unnoticed: a fixed path
// beside a parameter at the same place (/check/screening.css and /check/:id), and two patterns at the
// same place (/guides/:file.pdf and /guides/:drug). This names the router the whole site runs on.
test('every route of the site fits the fast router', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  assert.equal((await server.get('/healthz')).status, 200);
  const router = server.app.router as { name: string; activeRouter?: { name: string } };
  assert.equal(router.activeRouter?.name, 'RegExpRouter', `a route forced ${router.name}: look for a fixed path and a parameter, or two patterns, at the same place`);
});

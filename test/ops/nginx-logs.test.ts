import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipUnlessAvailable } from '../../src/testing/environment.ts';
import { startChildServer, until } from './child-server.ts';
import { DEPLOY, frontRequest, NGINX, OPENSSL, prepareNginx, PRIVATE_LOG_LINE, type NginxFront } from './nginx-front.ts';

/** What people look up, as they reach the site: each says something about a person's health. */
const LOOKUPS = [
  { method: 'GET', path: '/search?q=baclofen%20withdrawal%20seizure' },
  { method: 'GET', path: '/interactions?drugs=baclofen,tramadol,alcohol' },
  { method: 'GET', path: '/plans?kind=taper&currentDailyMg=60&stepDays=7&egfr=42' },
  { method: 'GET', path: '/treatment?zip=94110' },
  { method: 'POST', path: '/api/v1/screenings/audit-c', body: JSON.stringify({ answers: { q1: 4, q2: 3, q3: 4 }, sex: 'female' }), type: 'application/json' },
  { method: 'POST', path: '/subscriptions', body: 'email=someone.private%40example.org&consent=on', type: 'application/x-www-form-urlencoded' },
] as const;
/** Text from those requests that must not reach a log. */
const TELLING = ['withdrawal', 'tramadol', 'currentDailyMg', 'egfr', '94110', 'audit-c', 'someone.private', 'subscriptions'];

async function sendLookups(front: NginxFront): Promise<string[]> {
  const ids: string[] = [];
  for (const r of LOOKUPS) {
    const response = await frontRequest(front.httpsPort, r.method, r.path, 'body' in r ? { body: r.body, headers: { 'content-type': r.type } } : {});
    assert.ok(response.status < 500, `${r.method} ${r.path.split('?')[0]} through nginx: ${response.status}`);
    ids.push(String(response.headers['x-request-id']));
  }
  return ids;
}

test('behind nginx as shipped, what a person looks up reaches neither nginx log; a line joins rxsafety\'s by its request id', async (t) => {
  if (skipUnlessAvailable(t, existsSync(NGINX) && existsSync(OPENSSL), `nginx or openssl not installed (${NGINX}, ${OPENSSL}): the proxy's logs not tested`)) return;
  const server = await startChildServer({ RATE_LIMIT_PER_MINUTE: '100000', TRUST_PROXY: '127.0.0.1' });
  t.after(() => server.stop());
  const shipped = await prepareNginx({ upstreamPorts: [server.port] });
  // The same server blocks with nginx's defaults: the combined access log and errors from "error" up.
  // Shows that these requests would be written down, so the checks below can fail.
  const defaults = readFileSync(join(DEPLOY, 'nginx-rxsafety.conf'), 'utf8').replaceAll(' rxsafety_private;', ';').replaceAll(' crit;', ' error;');
  const withDefaults = await prepareNginx({ upstreamPorts: [server.port], serverBlocks: defaults });
  t.after(() => [shipped, withDefaults].forEach((front) => (front.stop(), front.remove())));
  shipped.start();
  withDefaults.start();

  const ids = await sendLookups(shipped);
  await sendLookups(withDefaults);
  // Plain HTTP is redirected; the redirect's own line must not keep the address either.
  const plain = await fetch(`http://127.0.0.1:${shipped.httpPort}/search?q=withdrawal`, { redirect: 'manual', headers: { host: 'rxsafety.example.org' } });
  assert.equal(plain.status, 301);
  // rxsafety down: nginx answers 502 and writes an error line, which by default quotes the request.
  await server.stop();
  for (const front of [shipped, withDefaults]) {
    const down = await frontRequest(front.httpsPort, 'GET', '/interactions?drugs=baclofen,tramadol');
    assert.equal(down.status, 502);
  }

  // nginx writes a line once the answer has gone out: give the last one a moment.
  await until(() => shipped.accessLog().length >= LOOKUPS.length + 2, 'the last access log line', 2000, 50);
  const lines = shipped.accessLog();
  assert.equal(lines.length, LOOKUPS.length + 2, lines.join('\n'));
  for (const line of lines) {
    assert.match(line, PRIVATE_LOG_LINE);
    assert.doesNotMatch(line, /[/?=@]/, `no address, query or email in: ${line}`);
  }
  for (const text of TELLING) assert.ok(!shipped.errorLog().includes(text), `nginx's error log does not hold "${text}"`);
  assert.doesNotMatch(shipped.errorLog(), /request: "/);
  // The 502 is still visible to an operator, with the upstream that failed.
  assert.match(lines.at(-1)!, / GET 502 \d+ [\d.]+ 127\.0\.0\.1:\d+ 502 /);
  // Each request id nginx made is the one rxsafety used (X-Request-Id) and logged beside the route.
  const logged = server.lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string; route?: string }).filter((l) => l.msg === 'request');
  for (const id of ids) {
    assert.ok(lines.some((line) => line.split(' ')[1] === id), `nginx logged request ${id}`);
    assert.ok(logged.some((l) => l.requestId === id && l.route), `rxsafety logged request ${id} with its route`);
  }

  const defaultLog = readFileSync(join(withDefaults.dir, 'rxsafety.access.log'), 'utf8') + withDefaults.errorLog();
  for (const text of ['withdrawal', 'tramadol', 'egfr', '94110']) assert.ok(defaultLog.includes(text), `nginx's defaults would have logged "${text}"`);
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { skipUnlessAvailable } from '../../src/testing/environment.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { DEPLOY, frontRequest, NGINX, OPENSSL, prepareNginx } from './nginx-front.ts';

/** What keeps arriving while the servers are restarted: pages, checks by GET and by POST. */
const TRAFFIC = [
  { method: 'GET', path: '/drugs/baclofen' },
  { method: 'GET', path: '/api/v1/interactions?drugs=baclofen,tramadol' },
  { method: 'POST', path: '/api/v1/interactions/check', body: JSON.stringify({ drugs: ['baclofen', 'alcohol', 'gabapentin'] }) },
] as const;

/** How long nginx sends nothing to a server it saw fail: fail_timeout of the shipped upstream servers. */
const FAIL_TIMEOUT_MS = 1000 * Number(/fail_timeout=(\d+)s/.exec(readFileSync(join(DEPLOY, 'nginx-rxsafety.conf'), 'utf8'))![1]);

test('behind the shipped nginx config, restarting each of two servers in turn (SIGTERM, start again) fails no request', async (t) => {
  if (skipUnlessAvailable(t, existsSync(NGINX) && existsSync(OPENSSL), `nginx or openssl not installed (${NGINX}, ${OPENSSL}): rolling restart not tested`)) return;
  const env = { RATE_LIMIT_PER_MINUTE: '1000000', TRUST_PROXY: '127.0.0.1' };
  const servers = [await startChildServer(env), await startChildServer(env)];
  const ports = servers.map((server) => server.port);
  const front = await prepareNginx({ upstreamPorts: ports });
  t.after(async () => {
    front.stop();
    front.remove();
    await Promise.all(servers.map((server) => server.stop()));
  });
  front.start();

  const statuses = new Map<number, number>();
  let sent = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      const r = TRAFFIC[sent++ % TRAFFIC.length]!;
      const response = await frontRequest(front.httpsPort, r.method, r.path, 'body' in r ? { body: r.body, headers: { 'content-type': 'application/json' } } : {});
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  const load = Promise.all(Array.from({ length: 6 }, worker));
  const answered = (server: ChildServer) => server.lines.filter((line) => line.includes('"msg":"request"')).length;

  await sleep(1500);
  for (const i of [0, 1]) {
    const before = servers[i]!;
    assert.ok(answered(before) > 0, `server ${i + 1} answered requests before its restart`);
    // As systemd does on a restart: SIGTERM, wait for the exit, start the new process on the same port.
    await before.stop();
    assert.deepEqual(await before.exited, { code: 0, signal: null });
    servers[i] = await startChildServer({ ...env, PORT: String(ports[i]) });
    // nginx counted the refused connections of the restart against this server (max_fails=3) and
    // sends it nothing for fail_timeout=10s: stopping the other one sooner leaves no server to send
    // to (docs/DEPLOY.md, "Restarting"). So wait that long once it is ready, as the procedure says.
    await sleep(FAIL_TIMEOUT_MS + 500);
  }
  running = false;
  await load;

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(`rolling restart: ${total} requests through nginx, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  assert.ok(total > 100, `requests sent: ${total}`);
  assert.deepEqual([...statuses.keys()], [200], 'every request answered 200');
  for (const server of servers) assert.ok(answered(server) > 0, 'each restarted server answers again');
});

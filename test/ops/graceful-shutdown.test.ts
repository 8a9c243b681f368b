import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChildServer } from './child-server.ts';

test('SIGTERM lets an in-flight request finish, refuses new ones, and exits 0', async (t) => {
  const server = await startChildServer();
  t.after(() => server.stop());

  // A request whose body arrives slowly is in flight for as long as the client takes to send it.
  const body = JSON.stringify({ drugs: ['baclofen', 'tramadol', 'alcohol'] });
  const half = Math.floor(body.length / 2);
  const req = request(`${server.url}/api/v1/interactions/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const responded = once(req, 'response');
  req.write(body.slice(0, half));
  await sleep(300);

  server.child.kill('SIGTERM');
  await server.waitForLog('shutting down');
  await assert.rejects(fetch(`${server.url}/healthz`), 'a server shutting down accepts no new connections');

  req.end(body.slice(half));
  const [res] = (await responded) as [import('node:http').IncomingMessage];
  let text = '';
  for await (const chunk of res) text += chunk;
  assert.equal(res.statusCode, 200, `the in-flight request completed: ${text}`);
  const result = JSON.parse(text) as { resolved: { id: string }[] };
  assert.deepEqual(result.resolved.map((d) => d.id).sort(), ['alcohol', 'baclofen', 'tramadol'], 'the whole body was read and answered');

  const { code, signal } = await server.exited;
  assert.equal(signal, null);
  assert.equal(code, 0, 'the process exits 0 after a graceful shutdown');
});

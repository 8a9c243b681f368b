import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startServer } from '../../src/server.ts';
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

test('closing with a drain still answers a request on a kept-alive connection, telling it to close, and refuses new connections', async (t) => {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' }, { PORT: 0, HOST: '127.0.0.1' });
  const server = await startServer({ config, logger: createLogger('silent') });
  // One socket, kept alive between requests, as nginx keeps its upstream connections.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const send = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; connection: string | undefined; reusedSocket: boolean; text: string }>((resolve, reject) => {
      const req = request(`${server.url}${path}`, { method, agent, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reusedSocket: req.reusedSocket, text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  assert.equal((await send('GET', '/healthz')).status, 200);
  const closed = server.close({ drainMs: 500 });
  // A POST on the idle connection the proxy kept: answered, and the connection is to be closed after it.
  // (Closed at once, the connection would be gone and the request lost: a POST that nginx does not retry.)
  const onKept = await send('POST', '/api/v1/interactions/check', JSON.stringify({ drugs: ['baclofen', 'alcohol'] }));
  assert.equal(onKept.reusedSocket, true, 'sent on the kept connection');
  assert.equal(onKept.status, 200, onKept.text);
  assert.equal(onKept.connection, 'close');
  await assert.rejects(fetch(`${server.url}/healthz`), 'a new connection is refused at once');
  await closed;
});

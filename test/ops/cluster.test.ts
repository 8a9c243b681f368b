import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, startChildServer, until, type ChildServer } from './child-server.ts';

const logged = (server: ChildServer, msg: string) =>
  server.lines.map((l) => JSON.parse(l) as { msg?: string; pid?: number }).filter((f) => f.msg === msg);

// The primary binds nothing itself, and with PORT=0 each worker would get a port of its own.
test('start:cluster runs workers on one port, replaces a dead worker, and stops on SIGTERM', async (t) => {
  const port = await freePort();
  const cluster = await startChildServer({ PORT: String(port), WEB_CONCURRENCY: '2' }, 'src/cluster.ts');
  t.after(() => cluster.stop());
  assert.equal(cluster.url, `http://127.0.0.1:${port}`);
  await until(() => logged(cluster, 'rxsafety listening').length === 2, 'two workers listening');
  assert.equal((await fetch(`${cluster.url}/healthz`)).status, 200);

  const [victim] = logged(cluster, 'worker started').map((f) => f.pid!);
  process.kill(victim!, 'SIGKILL');
  await cluster.waitForLog('worker died; starting a new one');
  await until(() => logged(cluster, 'rxsafety listening').length === 3, 'a replacement worker');
  assert.equal((await fetch(`${cluster.url}/healthz`)).status, 200, 'still serving on the same port');

  cluster.child.kill('SIGTERM');
  const { code } = await cluster.exited;
  assert.equal(code, 0, 'the primary exits 0 once every worker has stopped');
  assert.equal(logged(cluster, 'shutting down').length, 2, 'SIGTERM reached both live workers');
});

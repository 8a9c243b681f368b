import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { CONSENT } from '../../src/subscriptions/consent.ts';
import { openTestPostgres } from '../../src/testing/databases.ts';
import { skipUnlessAvailable } from '../../src/testing/environment.ts';
import { startTestServer, type TestServer } from '../../src/testing/test-server.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A real SMTP server that keeps each message's raw text, for the confirmation link. */
async function startInbox() {
  const messages: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => (messages.push(raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')), done()));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { messages, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/**
 * GET from a chosen loopback address: the rate limit keys on the client address, so a random
 * 127.x address gives this test its own bucket in a Redis that other suites may share.
 */
function getFrom(localAddress: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { localAddress }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

const randomLoopback = () =>
  `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;

test('two servers on one PostgreSQL and one Redis give the same answers and share state', async (t) => {
  if (skipUnlessAvailable(t, await redisAvailable(), `Redis not reachable at ${REDIS_URL}: two-server test skipped (start redis-server)`)) return;
  const database = await openTestPostgres(t);
  if (!database) return;
  const inbox = await startInbox();
  const env = { REDIS_URL, SMTP_URL: inbox.url, RATE_LIMIT_PER_MINUTE: '4' };
  const servers: TestServer[] = [];
  t.after(async () => {
    for (const server of servers) await server.close();
    await inbox.close();
    await database.dispose();
  });
  const a = await startTestServer({ env, database });
  servers.push(a);
  const b = await startTestServer({ env, database });
  servers.push(b);
  assert.notEqual(a.url, b.url);

  await t.test('the same request gets the same answer from either server', async () => {
    const client = randomLoopback();
    for (const path of ['/api/v1/drugs/baclofen', '/api/v1/search?q=baclofen', '/api/v1/interactions?drugs=baclofen,tramadol,alcohol', '/readyz']) {
      const [fromA, fromB] = await Promise.all([getFrom(client, a.url + path), getFrom(client, b.url + path)]);
      assert.equal(fromA.status, 200, path);
      assert.equal(fromB.status, fromA.status, path);
      assert.deepEqual(JSON.parse(fromB.body), JSON.parse(fromA.body), `${path} differs between the servers`);
    }
  });

  await t.test('one rate limit, counted in Redis across both servers', async () => {
    const client = randomLoopback();
    const redis = new Redis(REDIS_URL);
    await redis.del(`rxsafety:ratelimit:search:${client}`);
    try {
      const statuses: number[] = [];
      // Four searches allowed a minute: two on each server use them up, the fifth is refused on either.
      for (const server of [a, b, a, b]) statuses.push((await getFrom(client, `${server.url}/api/v1/search?q=baclofen`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200]);
      assert.equal((await getFrom(client, `${a.url}/api/v1/search?q=baclofen`)).status, 429, 'server A counts the searches made on B');
      assert.equal((await getFrom(client, `${b.url}/api/v1/search?q=baclofen`)).status, 429, 'server B counts the searches made on A');
      assert.equal((await getFrom(client, `${b.url}/healthz`)).status, 200, 'pages and health checks are not limited');
    } finally {
      await redis.del(`rxsafety:ratelimit:search:${client}`);
      redis.disconnect();
    }
  });

  await t.test('a sign-up made on one server is confirmed on the other', async () => {
    const res = await a.post('/api/v1/subscriptions', { email: 'two.servers@example.org', topics: ['baclofen'], consent: true, consentVersion: CONSENT.version });
    assert.equal(res.status, 202, await res.clone().text());
    const mail = inbox.messages.at(-1) ?? '';
    const link = mail.match(/https?:\/\/\S+?(\/subscriptions\/confirm\?token=[A-Za-z0-9_-]+)/);
    assert.ok(link, `a confirmation link in the email:\n${mail}`);
    const confirmed = await b.get(link[1]!);
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /Sign-up confirmed/);
    assert.equal((await a.get(link[1]!)).status, 410, 'server A knows the link was used on B');
  });
});

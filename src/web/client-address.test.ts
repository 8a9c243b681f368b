import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestServer } from '../testing/test-server.ts';

const ATTACK = `/api/v1/search?q=${encodeURIComponent("x' OR 1=1 --")}`;

async function blockedAs(env: Record<string, string>, headers: Record<string, string>): Promise<string> {
  const server = await startTestServer({ env });
  try {
    const res = await server.get(ATTACK, { headers });
    assert.equal(res.status, 403);
    return ((await res.json()) as { clientAddress: string }).clientAddress;
  } finally {
    await server.close();
  }
}

describe('client address', () => {
  test('X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
    assert.equal(await blockedAs({}, { 'x-forwarded-for': '203.0.113.9' }), '127.0.0.1');
  });

  test('behind a trusted proxy the client is the right-most address that is not a proxy', async () => {
    const env = { TRUST_PROXY: '127.0.0.1,::1' };
    assert.equal(await blockedAs(env, { 'x-forwarded-for': '203.0.113.9' }), '203.0.113.9');
    // A client cannot escape its limit by prepending a made-up address: the proxy appends the real one.
    assert.equal(await blockedAs(env, { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }), '203.0.113.9');
    assert.equal(await blockedAs(env, { 'x-forwarded-for': 'not-an-address' }), '127.0.0.1');
  });

  test('a bad TRUST_PROXY value stops start-up with a message naming it', async () => {
    await assert.rejects(startTestServer({ env: { TRUST_PROXY: 'everyone' } }), /TRUST_PROXY: a comma-separated list of proxy IP addresses/);
  });
});

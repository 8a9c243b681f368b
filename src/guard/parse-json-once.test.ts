import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { parseJsonOnce } from './parse-json-once.ts';

/** An app whose middleware parses as the guard does, and whose route reads the body twice. */
function appReadingTwice() {
  const seen: { parsed?: unknown; first?: unknown; second?: unknown } = {};
  const app = new Hono()
    .use(async (c, next) => {
      seen.parsed = parseJsonOnce(c.req, c.req.header('content-type') ?? '', await c.req.text())?.value;
      await next();
    })
    .post('/echo', async (c) => {
      seen.first = await c.req.json();
      seen.second = await c.req.json();
      return c.json({ ok: true });
    });
  return { app, seen };
}

describe('parseJsonOnce', () => {
  it("gives the route's first json() the guard's own parse, and a later call a fresh one", async () => {
    const { app, seen } = appReadingTwice();
    const body = { drugs: ['baclofen', 'tramadol'], nested: { n: 1 } };
    const res = await app.request('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200);
    assert.deepEqual(seen.parsed, body);
    assert.equal(seen.first, seen.parsed, 'the same object: parsed once');
    assert.deepEqual(seen.second, body);
    assert.notEqual(seen.second, seen.parsed, 'handed over once, then dropped');
  });

  it('once released (the guard does it when the request is done), hands over nothing: a route reading later parses afresh', async () => {
    const body = { hook: 'order-sign', context: { patientId: 'p1' } };
    let handOver: ReturnType<typeof parseJsonOnce>;
    let afterRelease: unknown;
    const app = new Hono().post('/x', async (c) => {
      handOver = parseJsonOnce(c.req, 'application/json', await c.req.text());
      handOver!.release();
      afterRelease = await c.req.json();
      return c.text('ok');
    });
    await app.request('/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.deepEqual(afterRelease, body);
    assert.notEqual(afterRelease, handOver!.value, 'the released parse is not handed over');
  });

  it('leaves bodies that are not JSON, or not valid JSON, to the route', async () => {
    for (const [type, text] of [['text/plain', '{"a":1}'], ['application/json', '{"a":'], ['application/x-www-form-urlencoded', 'a=1']] as const) {
      let result: unknown = 'not called';
      let routeParse: string | undefined;
      const app = new Hono().post('/x', async (c) => {
        result = parseJsonOnce(c.req, c.req.header('content-type') ?? '', await c.req.text());
        routeParse = await c.req.json().then(() => 'parsed', () => 'refused');
        return c.text('ok');
      });
      await app.request('/x', { method: 'POST', headers: { 'content-type': type }, body: text });
      assert.equal(result, undefined, `${type} ${text}`);
      // The route's own json() is untouched: it parses the text as before, refusing what is malformed.
      assert.equal(routeParse, text.startsWith('{"a":1') ? 'parsed' : 'refused', `${type} ${text}`);
    }
  });
});

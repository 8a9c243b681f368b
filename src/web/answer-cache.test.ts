import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Hono } from 'hono';
import { AnswerCache } from './answer-cache.ts';

const decode = (body: Uint8Array | string) => (typeof body === 'string' ? body : new TextDecoder().decode(body));

describe('AnswerCache', () => {
  it('serves the same JSON the computation gives, and keeps an answer once its key comes again', async () => {
    const cache = new AnswerCache({ maxBytes: 1_000_000 });
    let computed = 0;
    const app = new Hono().get('/check/:list', (c) => cache.json(c, c.req.param('list'), () => (computed++, { drugs: c.req.param('list').split(','), note: 'ünïcode' })));
    for (let i = 0; i < 4; i++) {
      const res = await app.request('/check/baclofen,alcohol');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.deepEqual(await res.json(), { drugs: ['baclofen', 'alcohol'], note: 'ünïcode' });
    }
    // Asked for once: computed and not kept. Asked again: computed and kept. Then served.
    assert.equal(computed, 2);
  });

  it('keeps nothing of input that never comes twice (each request a new list)', () => {
    const cache = new AnswerCache({ maxBytes: 1_000_000 });
    for (let i = 0; i < 1_000; i++) cache.body(`list-${i}`, () => ({ i }));
    assert.equal(cache.size.answers, 0);
    assert.equal(cache.size.bytes, 0);
  });

  it('keeps a key that comes back within what the cache can hold, not one that comes back later', () => {
    // Each answer costs 19 bytes with its key ("list-1234" and {"i":1234}): 1,000 bytes hold 52 of them.
    const cache = new AnswerCache({ maxBytes: 1_000 });
    const ask = (i: number) => cache.body(`list-${1000 + i}`, () => ({ i: 1000 + i }));
    // A cycle of 200 different lists, three times round: each comes back after 199 others, by which
    // time it would have been evicted, so keeping it would only churn the cache.
    for (let round = 0; round < 3; round++) for (let i = 0; i < 200; i++) ask(i);
    assert.equal(cache.size.answers, 0);
    // A cycle of 20 fits: from the second time round each is kept, then served.
    let computed = 0;
    for (let round = 0; round < 3; round++) for (let i = 500; i < 520; i++) cache.body(`list-${i}`, () => (computed++, { i }));
    assert.equal(cache.size.answers, 20);
    assert.equal(computed, 40);
  });

  it('what it remembers of keys seen once stays bounded, however long and many the keys', () => {
    const cache = new AnswerCache({ maxBytes: 1_000_000 });
    const long = 'x'.repeat(5_000);
    for (let i = 0; i < 1_000; i++) cache.body(`${long}${i}`, () => ({ i }));
    // 1,000 keys of 5,000 characters: what is listed (keys and answer sizes together) stays within the cache's size.
    assert.ok(cache.size.seenOnceBytes <= 1_000_000, `keys seen once stand for ${cache.size.seenOnceBytes} bytes`);
    assert.ok(cache.size.seenOnceBytes > 0);
  });

  it('remembers nothing when the computation throws', () => {
    const cache = new AnswerCache({ maxBytes: 1_000 });
    assert.throws(() => cache.body('bad', () => {
      throw new Error('validation failed');
    }), /validation failed/);
    assert.deepEqual(cache.size, { answers: 0, bytes: 0, seenOnceBytes: 0 });
    assert.equal(decode(cache.body('bad', () => ({ ok: true }))), '{"ok":true}');
  });

  it('an answer larger than the whole cache is served but not kept', () => {
    const cache = new AnswerCache({ maxBytes: 50 });
    assert.equal(decode(cache.body('big', () => 'x'.repeat(100))).length, 102);
    assert.equal(cache.size.answers, 0);
  });

  it('whatever the traffic, answers are right, the byte bound holds and a repeated answer is kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.nat(120)), { minLength: 1, maxLength: 60 }), (maxBytes, requests) => {
        const cache = new AnswerCache({ maxBytes });
        // The answer for a key is fixed (as content is while the server runs): its length comes from the key.
        const answerFor = (key: string) => key.repeat(key.charCodeAt(0) - 90);
        for (const [key] of requests) {
          assert.equal(decode(cache.body(key, () => answerFor(key))), JSON.stringify(answerFor(key)));
          assert.ok(cache.size.bytes <= maxBytes, `${cache.size.bytes} > ${maxBytes}`);
          assert.ok(cache.size.seenOnceBytes <= maxBytes, `keys seen once stand for ${cache.size.seenOnceBytes} > ${maxBytes} bytes`);
          // Asked for twice more in a row: the second of those is served from the cache if it fits.
          cache.body(key, () => answerFor(key));
          let recomputed = false;
          cache.body(key, () => ((recomputed = true), answerFor(key)));
          const fits = JSON.stringify(answerFor(key)).length + key.length <= maxBytes;
          assert.equal(recomputed, !fits, `key ${key} ${fits ? 'fits and should be remembered' : 'is too big to keep'}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

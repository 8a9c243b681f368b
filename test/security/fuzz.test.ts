import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestServer } from '../../src/testing/test-server.ts';

/** Every API operation in the OpenAPI document gets random and malformed bodies: never a 5xx, and the server keeps answering. */
describe('API fuzzing', () => {
  it('never answers 5xx and stays up', async (t) => {
    const server = await startTestServer({ config: { RATE_LIMIT_PER_MINUTE: 100_000 } });
    t.after(() => server.close());
    const document = (await (await server.get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((method) => ({ path, method: method.toUpperCase() })),
    );
    assert.ok(operations.length > 0, 'the OpenAPI document lists operations');
    const body = fc.oneof(
      fc.json(),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('', '{', '[]', 'null', '{"a":', '\u0000', '{"__proto__":{"x":1}}', '[[[[[[[[[[]]]]]]]]]]', '9'.repeat(400)),
    );
    const segment = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('baclofen', '..', '%00', '%ff', 'ä', '<x>'));
    const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', '');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), body, segment, fc.string({ maxLength: 40 }), contentType, async (op, payload, seg, query, type) => {
        const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(seg));
        const response = await fetch(`${server.url}${path}?q=${encodeURIComponent(query)}`, {
          method: op.method,
          headers: type ? { 'content-type': type } : {},
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: payload }),
        });
        await response.arrayBuffer();
        assert.ok(response.status < 500, `${op.method} ${path} answered ${response.status}`);
      }),
      { numRuns: 300 },
    );
    assert.equal((await server.get('/healthz')).status, 200, 'still answering');
  });
});

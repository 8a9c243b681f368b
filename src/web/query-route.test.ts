import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { problemOf, startTestServer, type TestServer } from '../testing/test-server.ts';
import type { HonoEnv } from './context.ts';
import { queryRoute } from './query-route.ts';

describe('query routes: the query string checked in one step (facility search)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const problem = async (path: string) => {
    const response = await server.get(path);
    assert.equal(response.status, 400, path);
    return problemOf(response);
  };

  test('a good query reaches the search with its numbers as numbers', async () => {
    const response = await server.get('/api/v1/facilities?zip=22902&radiusMiles=12.5&page=1&pageSize=5&care=substance-use');
    assert.equal(response.status, 200, await response.clone().text());
    const answer = (await response.json()) as { radiusMiles: number; pageSize: number; origin: { label: string } };
    assert.deepEqual([answer.radiusMiles, answer.pageSize, answer.origin.label], [12.5, 5, '22902']);
  });

  test('every bad parameter is named at once', async () => {
    const { code, errors } = await problem('/api/v1/facilities?zip=abc&radiusMiles=-1&care=spa&pageSize=1000');
    assert.equal(code, 'validation-failed');
    assert.deepEqual(errors?.map((e) => e.field).sort(), ['care', 'pageSize', 'radiusMiles', 'zip']);
    assert.match(errors!.find((e) => e.field === 'zip')!.message, /5 digits/);
  });

  test('a parameter given twice is refused, not read as its first value', async () => {
    const { errors } = await problem('/api/v1/facilities?zip=22902&zip=10001');
    assert.deepEqual(errors?.map((e) => e.field), ['zip']);
  });

  test('the OpenAPI document still lists the query parameters', async () => {
    const document = (await (await server.get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> };
    const parameters = document.paths['/api/v1/facilities']?.get?.parameters ?? [];
    for (const name of ['zip', 'near', 'radiusMiles', 'care', 'page', 'pageSize']) {
      assert.ok(parameters.some((p) => p.name === name && p.in === 'query'), `documents ${name}`);
    }
  });
});

test('a route that documents no query schema does not start', () => {
  const app = new OpenAPIHono<HonoEnv>();
  const answer = () => new Response('{}');
  const responses = { 200: { description: 'ok' } };
  assert.throws(() => queryRoute(app, createRoute({ method: 'get', path: '/x', responses }), answer), /must document its query/);
  assert.doesNotThrow(() => queryRoute(app, createRoute({ method: 'get', path: '/y', request: { query: z.object({ q: z.string() }) }, responses }), answer));
});

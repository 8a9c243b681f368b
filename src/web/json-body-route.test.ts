import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { problemOf, startTestServer, type TestServer } from '../testing/test-server.ts';
import type { HonoEnv } from './context.ts';
import { jsonBodyRoute } from './json-body-route.ts';

/** The routes that take a JSON body through jsonBodyRoute, each with a body it accepts. */
const routes = [
  { path: '/api/v1/interactions/check', body: { drugs: ['baclofen', 'tramadol'] } },
  { path: '/api/v1/plans/titration', body: { drug: 'baclofen', route: 'oral', targetDailyMg: 60, startDate: '2026-12-01' } },
  { path: '/api/v1/plans/taper', body: { drug: 'baclofen', route: 'oral', currentDailyMg: 60, startDate: '2026-12-01' } },
  { path: '/api/v1/screenings/audit-c', body: { answers: { q1: 3, q2: 2, q3: 1 }, sex: 'female' } },
];

describe('JSON body routes: media type, parse and schema checked in one step', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('each accepts its JSON body, with or without a charset', async () => {
    for (const { path, body } of routes) {
      for (const contentType of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
        const response = await server.post(path, body, { headers: { 'content-type': contentType } });
        assert.equal(response.status, 200, `${path} as ${contentType}: ${await response.clone().text()}`);
        await response.arrayBuffer();
      }
    }
  });

  test('another media type is a 400 that names content-type and shows a body to send', async () => {
    for (const { path, body } of routes) {
      // What a client would send with each: a form sends form fields, not JSON.
      const sent = { 'text/plain': JSON.stringify(body), 'application/x-www-form-urlencoded': 'drug=baclofen&sex=female', 'application/jsonp': JSON.stringify(body) };
      for (const [contentType, text] of Object.entries(sent)) {
        const response = await server.post(path, text, { headers: { 'content-type': contentType } });
        assert.equal(response.status, 400, `${path} as ${contentType}`);
        const { code, errors } = await problemOf(response);
        assert.equal(code, 'validation-failed');
        assert.equal(errors?.[0]?.field, 'content-type');
        assert.match(errors[0]!.message, /application\/json, e\.g\. \{"/, 'an example body the client can copy');
      }
    }
    const response = await fetch(`${server.url}/api/v1/plans/taper`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 400, 'no content type at all (fetch sends text/plain)');
    assert.equal((await problemOf(response)).errors?.[0]?.field, 'content-type');
  });

  test('a body that does not parse is a 400 that says so', async () => {
    for (const { path } of routes) {
      const response = await server.post(path, '{"drugs": [');
      assert.equal(response.status, 400, path);
      const { code, detail } = await problemOf(response);
      assert.equal(code, 'bad-request');
      assert.match(detail, /could not be read.*valid JSON/);
    }
  });

  test('every bad field is named at once, path parameters and body alike', async () => {
    const response = await server.post(`/api/v1/screenings/${'x'.repeat(61)}`, { answers: 'none', sex: 'other' });
    assert.equal(response.status, 400);
    const { errors } = await problemOf(response);
    assert.deepEqual(errors?.map((e) => e.field).sort(), ['answers', 'id', 'sex']);
    const plan = await problemOf(await server.post('/api/v1/plans/titration', { targetDailyMg: -5, startDate: 'tomorrow' }));
    assert.deepEqual(plan.errors?.map((e) => e.field).sort(), ['startDate', 'targetDailyMg']);
    const list = await problemOf(await server.post('/api/v1/interactions/check', ['baclofen']));
    assert.deepEqual(list.errors?.map((e) => e.field), ['(body)'], 'a body of the wrong shape altogether');
  });

  test('refused screening answers are neither echoed nor logged', async () => {
    const before = server.logLines.length;
    const response = await server.post('/api/v1/screenings/audit-c', { answers: { q1: 'drinks-daily-secret' } }, { headers: { 'content-type': 'text/plain' } });
    assert.equal(response.status, 400);
    assert.doesNotMatch(await response.text(), /drinks-daily-secret/);
    assert.doesNotMatch(server.logLines.slice(before).join('\n'), /drinks-daily-secret/);
  });

  test('the OpenAPI document still describes each route and its body', async () => {
    const document = (await (await server.get('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> } } }>;
    };
    for (const path of ['/api/v1/interactions/check', '/api/v1/plans/titration', '/api/v1/plans/taper', '/api/v1/screenings/{id}']) {
      const body = document.paths[path]?.post?.requestBody;
      assert.ok(body?.required, `${path} documents a required body`);
      assert.ok(body.content['application/json']?.schema, `${path} documents its JSON schema`);
    }
  });
});

test('a route that documents no JSON body schema does not start', () => {
  const app = new OpenAPIHono<HonoEnv>();
  const answer = () => new Response('{}');
  const responses = { 200: { description: 'ok' } };
  const bodyless = createRoute({ method: 'post', path: '/x', responses });
  const formOnly = createRoute({ method: 'post', path: '/y', request: { body: { content: { 'application/x-www-form-urlencoded': { schema: z.object({ a: z.string() }) } } } }, responses });
  assert.throws(() => jsonBodyRoute(app, { route: bodyless, example: '{}' }, answer), /must document its body/);
  assert.throws(() => jsonBodyRoute(app, { route: formOnly, example: '{}' }, answer), /must document its body/);
  const documented = createRoute({ method: 'post', path: '/z', request: { body: { required: true, content: { 'application/json': { schema: z.object({ drugs: z.array(z.string()) }) } } } }, responses });
  assert.doesNotThrow(() => jsonBodyRoute(app, { route: documented, example: '{}' }, answer));
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { validateFhirR4 } from '../fhir-validation.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

describe('screening API', () => {
  test('GET /api/v1/screenings lists the four instruments', async () => {
    const res = await server.get('/api/v1/screenings');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { screenings: { id: string; validated: boolean }[] };
    assert.deepEqual(body.screenings.map((s) => s.id).sort(), ['audit', 'audit-c', 'baclofen-misuse', 'baclofen-withdrawal']);
    assert.equal(body.screenings.find((s) => s.id === 'baclofen-withdrawal')!.validated, false);
  });

  test('GET /fhir/Questionnaire/audit serves FHIR JSON with the WHO terms', async () => {
    const res = await server.get('/fhir/Questionnaire/audit');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/fhir\+json/);
    const q = (await res.json()) as { resourceType: string; item: unknown[]; copyright: string };
    assert.equal(q.resourceType, 'Questionnaire');
    assert.equal(q.item.length, 10);
    assert.match(q.copyright, /World Health Organization/);
    assert.match(q.copyright, /not for sale/);
    const missing = await server.get('/fhir/Questionnaire/nope');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type')!, /problem\+json/);
  });

  test('POST audit-c answers 3,2,1 female → positive, contact-prescriber, valid QuestionnaireResponse, no-store', async () => {
    const res = await server.post('/api/v1/screenings/audit-c', { answers: { q1: 3, q2: 2, q3: 1 }, sex: 'female' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = (await res.json()) as Record<string, any>;
    assert.equal(body.instrument, 'audit-c');
    assert.equal(body.score, 6);
    assert.equal(body.band, 'positive');
    assert.equal(body.action, 'contact-prescriber');
    assert.deepEqual(body.redFlags, []);
    assert.equal(body.resources[0].phone, '1-800-662-4357');
    assert.equal(body.questionnaireResponse.resourceType, 'QuestionnaireResponse');
    assert.deepEqual(validateFhirR4(body.questionnaireResponse).filter((i) => i.severity === 'error'), []);
  });

  test('POST withdrawal with a seizure → emergency with 911 first and the dispatcher script', async () => {
    const answers = { route: 'oral', seizure: true, unresponsive: false, 'trouble-breathing': false, hallucinations: false, confusion: false, 'high-fever': false, 'severe-rigidity': false, agitation: false, anxiety: false, insomnia: false, 'itching-without-rash': false, 'spasticity-return': false, 'pump-alarm': false, 'took-more-than-prescribed': false };
    const res = await server.post('/api/v1/screenings/baclofen-withdrawal', { answers });
    const body = (await res.json()) as Record<string, any>;
    assert.equal(body.action, 'emergency');
    assert.deepEqual(body.redFlags, ['seizure']);
    assert.equal(body.resources[0].phone, '911');
    assert.ok(body.dispatcher.length > 1);
    assert.equal(body.score, undefined);
  });

  test('a missing or out-of-range answer → 400 problem+json naming the item', async () => {
    const res = await server.post('/api/v1/screenings/audit', { answers: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 3 } });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
    const problem = (await res.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'validation-failed');
    assert.deepEqual(problem.errors.map((e) => e.field), ['answers.q9', 'answers.q10']);
  });

  test('an unknown instrument → 404; a body without answers → 400', async () => {
    assert.equal((await server.post('/api/v1/screenings/phq-9', { answers: {} })).status, 404);
    const res = await server.post('/api/v1/screenings/audit-c', { sex: 'male' });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /answers/);
  });
});

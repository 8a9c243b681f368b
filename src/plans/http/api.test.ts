import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('POST /api/v1/plans/titration returns the label schedule in the issue\'s shape', async () => {
  const res = await server.post('/api/v1/plans/titration', { drug: 'baclofen', route: 'oral', targetDailyMg: 60, startDate: '2026-12-01' });
  assert.equal(res.status, 200);
  const plan = await res.json();
  assert.equal(plan.kind, 'titration');
  assert.deepEqual(plan.schedule.map((s: { dailyMg: number }) => s.dailyMg), [15, 30, 45, 60]);
  assert.deepEqual(Object.keys(plan.schedule[0]).sort(), ['dailyMg', 'doseMg', 'endDate', 'endDay', 'startDate', 'startDay', 'tablets', 'timesPerDay']);
  assert.equal(plan.totalDays, 12);
  assert.match(plan.disclaimer, /draft plan to agree with your prescriber/);
  assert.ok(plan.warnings.every((w: { code: string; sources: string[] }) => w.code && w.sources.length > 0));
});

test('POST /api/v1/plans/taper ends at zero and states the step choice', async () => {
  const res = await server.post('/api/v1/plans/taper', { drug: 'baclofen', route: 'oral', currentDailyMg: 60, durationWeeks: 26, egfr: 45 });
  assert.equal(res.status, 200);
  const plan = await res.json();
  assert.equal(plan.schedule.at(-1).dailyMg, 0);
  assert.ok(plan.warnings.some((w: { message: string }) => /step size is rxsafety's choice to reach the sourced minimum duration; your prescriber may choose differently/.test(w.message)));
});

const refusals: [string, string, Record<string, unknown>, string][] = [
  ['500 mg', 'titration', { targetDailyMg: 500 }, 'above-label-maximum'],
  ['eGFR 20', 'titration', { targetDailyMg: 30, egfr: 20 }, 'renal-avoid'],
  ['intrathecal', 'titration', { targetDailyMg: 30, route: 'intrathecal' }, 'intrathecal-not-supported'],
  ['below the smallest tablet', 'taper', { currentDailyMg: 2 }, 'abrupt-stop'],
  ['2-day steps', 'titration', { targetDailyMg: 30, stepDays: 2 }, 'step-too-short'],
];
for (const [name, kind, body, planCode] of refusals) {
  test(`${name} is refused: 422 problem+json with planCode ${planCode} and sources`, async () => {
    const res = await server.post(`/api/v1/plans/${kind}`, { drug: 'baclofen', ...body });
    assert.equal(res.status, 422);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = await res.json();
    assert.equal(problem.code, 'unprocessable');
    assert.equal(problem.planCode, planCode);
    assert.ok(problem.detail.length > 20);
    if (planCode !== 'abrupt-stop') assert.ok(problem.sources.length > 0);
  });
}

test('intrathecal refusal carries the boxed warning, the early signs and the numbers to call', async () => {
  const problem = await (await server.post('/api/v1/plans/taper', { route: 'intrathecal', currentDailyMg: 0.5 })).json();
  assert.equal(problem.planCode, 'intrathecal-not-supported');
  assert.match(problem.detail, /pump clinician/);
  assert.ok(problem.earlySigns.some((s: string) => /itching without a rash/i.test(s)));
  assert.ok(problem.crisisLines.some((l: { phone: string }) => l.phone === '911'));
  assert.deepEqual(problem.sources, ['label-baclofen-intrathecal-us', 'label-lioresal-intrathecal-canada']);
});

const badInputs: [string, Record<string, unknown>, string][] = [
  ['negative', { targetDailyMg: -5 }, 'targetDailyMg'],
  ['zero', { targetDailyMg: 0 }, 'targetDailyMg'],
  ['a string', { targetDailyMg: 'sixty' }, 'targetDailyMg'],
  ['missing', {}, 'targetDailyMg'],
  ['two doses a day', { targetDailyMg: 30, dosesPerDay: 2 }, 'dosesPerDay'],
  ['a bad date', { targetDailyMg: 30, startDate: '2026-13-45' }, 'startDate'],
  ['a negative eGFR', { targetDailyMg: 30, egfr: -1 }, 'egfr'],
  ['an unknown route', { targetDailyMg: 30, route: 'nasal' }, 'route'],
];
for (const [name, body, field] of badInputs) {
  test(`bad input (${name}) is a 400 naming ${field}`, async () => {
    const res = await server.post('/api/v1/plans/titration', body);
    assert.equal(res.status, 400);
    const problem = await res.json();
    assert.ok(problem.errors.some((e: { field: string }) => e.field === field), JSON.stringify(problem.errors));
    assert.match(problem.detail, new RegExp(field));
  });
}

test('another drug is refused naming the drug field', async () => {
  const problem = await (await server.post('/api/v1/plans/titration', { drug: 'tramadol', targetDailyMg: 30 })).json();
  assert.equal(problem.planCode, 'drug-not-supported');
  assert.equal(problem.field, 'drug');
});

test('GET .ics and FHIR downloads take the same fields as a query string', async () => {
  const ics = await server.get('/api/v1/plans/titration.ics?targetDailyMg=60&startDate=2026-12-01');
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type') ?? '', /text\/calendar/);
  assert.equal((await ics.text()).split('BEGIN:VEVENT').length - 1, 36);
  const fhir = await server.get('/api/v1/plans/taper.fhir.json?currentDailyMg=30&durationWeeks=4');
  assert.equal(fhir.status, 200);
  assert.match(fhir.headers.get('content-type') ?? '', /application\/fhir\+json/);
  assert.equal((await fhir.json()).resourceType, 'MedicationRequest');
  const bad = await server.get('/api/v1/plans/taper.ics?currentDailyMg=abc');
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).detail, /currentDailyMg/);
});

test('the request log never records plan inputs', () => {
  assert.ok(!server.logLines.some((line) => /targetDailyMg|currentDailyMg|egfr/.test(line)));
});

test('a pump user who gives no dose still gets the intrathecal safety answer; an oral plan without a dose is a 400 naming it', async () => {
  const itb = await server.post('/api/v1/plans/taper', { route: 'intrathecal' });
  assert.equal(itb.status, 422);
  assert.equal((await itb.json()).planCode, 'intrathecal-not-supported');
  for (const [kind, field] of [['titration', 'targetDailyMg'], ['taper', 'currentDailyMg']] as const) {
    const res = await server.post(`/api/v1/plans/${kind}`, { route: 'oral' });
    assert.equal(res.status, 400);
    const problem = await res.json();
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), [field]);
  }
});

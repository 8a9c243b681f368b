import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('/plans shows both forms, labelled, working without JavaScript (GET forms)', async () => {
  const res = await server.get('/plans');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.equal((html.match(/<form method="get" action="\/plans"/g) ?? []).length, 2);
  for (const id of ['titration-targetDailyMg', 'taper-currentDailyMg', 'taper-durationWeeks', 'titration-egfr']) {
    assert.match(html, new RegExp(`<label for="${id}">`), id);
    assert.match(html, new RegExp(`id="${id}"`), id);
  }
  assert.match(html, /<legend>Kidneys and age/);
  assert.match(html, /draft to agree with your prescriber/);
  assert.doesNotMatch(html, /<script(?![^>]*src=)/, 'no inline scripts');
});

test('a submitted taper shows a printable calendar: one row a day with tick boxes, and download links', async () => {
  const res = await server.get('/plans?kind=taper&currentDailyMg=60&durationWeeks=26&startDate=2026-12-01&egfr=&age=');
  assert.equal(res.status, 200);
  const html = await res.text();
  const rows = html.match(/<tr><th scope="row">2026-1[12]-\d\d<\/th>/g) ?? [];
  assert.equal(rows.length, 26, 'one row a day, including the stop day');
  assert.match(html, /☐/);
  assert.match(html, /None: plan complete/);
  assert.match(html, /href="\/api\/v1\/plans\/taper\.ics\?currentDailyMg=60&amp;durationWeeks=26&amp;startDate=2026-12-01"/);
  assert.match(html, /href="\/api\/v1\/plans\/taper\.fhir\.json\?/);
  assert.match(html, /step size is rxsafety&#39;s choice to reach the sourced minimum duration/);
  assert.match(html, /A seizure \(fit\)<\/strong>: <strong>Call 911 now/);
});

test('refusals and bad input are explained on the page with the right status', async () => {
  const itb = await server.get('/plans?kind=titration&targetDailyMg=30&route=intrathecal');
  assert.equal(itb.status, 422);
  const itbHtml = await itb.text();
  assert.match(itbHtml, /pump clinician/);
  assert.match(itbHtml, /Itching without a rash/);
  assert.match(itbHtml, /href="tel:911"/);
  const bad = await server.get('/plans?kind=titration&targetDailyMg=-4');
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /<strong>targetDailyMg<\/strong>: must be more than 0/);
});

test('hostile input is escaped, never echoed as markup', async () => {
  const res = await server.get(`/plans?kind=titration&targetDailyMg=30&startDate=${encodeURIComponent('"><img src=x>')}`);
  const html = await res.text();
  assert.doesNotMatch(html, /<img src=x>/);
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const form = (path: string, fields: Record<string, string>) =>
  server.post(path, new URLSearchParams(fields).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('/check pages', () => {
  test('the index lists every instrument and the help link', async () => {
    const html = await (await server.get('/check')).text();
    for (const id of ['audit', 'audit-c', 'baclofen-misuse', 'baclofen-withdrawal']) assert.ok(html.includes(`href="/check/${id}"`), id);
    assert.match(html, /href="#get-help"/);
  });

  test('the AUDIT form: POST, one fieldset and legend per question, radios, WHO attribution', async () => {
    const html = await (await server.get('/check/audit')).text();
    assert.match(html, /<form class="check-form" method="post" action="\/check\/audit">/);
    assert.equal(html.match(/<fieldset/g)?.length, 10);
    assert.equal(html.match(/<legend>/g)?.length, 10);
    assert.match(html, /How often during the last year have you needed a first drink in the morning/);
    assert.match(html, /World Health Organization/);
    assert.match(html, /not for sale/);
    assert.doesNotMatch(html, /<script(?! type="module" src="\/)/);
  });

  test('a withdrawal red flag → result page with 911 first, tel: links, dispatcher text, no-store', async () => {
    const res = await form('/check/baclofen-withdrawal', { route: 'oral', seizure: 'yes' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    const main = html.slice(html.indexOf('<main'));
    assert.match(main, /<h1 id="action-title" class="action">Call 911 now<\/h1>/);
    assert.ok(main.indexOf('href="tel:911"') < main.indexOf('What to tell the 911 dispatcher'));
    assert.match(main, /Some questions were not answered/);
    assert.match(main, /Download your answers \(FHIR QuestionnaireResponse\)/);
  });

  test('an incomplete form without a red flag is shown again with the missing items named', async () => {
    const res = await form('/check/audit-c', { q1: '2' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    assert.match(html, /href="#q-q2"/);
    assert.match(html, /href="#q-sex"/);
    assert.match(html, /id="q1-2" name="q1" value="2" checked/);
  });

  test('AUDIT-C result shows the score and sources; download returns an attachment', async () => {
    const html = await (await form('/check/audit-c', { q1: '1', q2: '1', q3: '1', sex: 'male' })).text();
    assert.match(html, /Score: <strong>3<\/strong> out of 12/);
    assert.match(html, /href="\/sources\/bush-1998-audit-c"/);
    const download = await form('/check/audit-c/answers.json', { q1: '1', q2: '1', q3: '1' });
    assert.match(download.headers.get('content-disposition')!, /^attachment/);
    assert.equal(download.headers.get('cache-control'), 'no-store');
    assert.equal(((await download.json()) as { resourceType: string }).resourceType, 'QuestionnaireResponse');
  });

  test('the stylesheet the check pages link is served from this origin', async () => {
    const page = await (await server.get('/check/audit-c')).text();
    const href = /<link rel="stylesheet" href="(\/assets\/screening\.css)"/.exec(page)?.[1];
    assert.ok(href, 'the page links the screening stylesheet');
    const res = await server.get(href);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/css/);
    assert.match(await res.text(), /scroll-snap/);
  });
});

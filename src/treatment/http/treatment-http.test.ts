import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

const ADMIN_TOKEN = 'treatment-admin-token-0123456789';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('treatment finder over HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '10000' } });
  });
  after(() => server.close());

  const importFile = (body: string, query = '', token = ADMIN_TOKEN) =>
    fetch(`${server.url}/api/v1/admin/import/facilities${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });

  test('with no data, the page says how an administrator loads it and still shows the helpline first', async () => {
    const response = await server.get('/treatment');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /No facility data is loaded on this server yet/);
    assert.match(html, /rxsafety facilities import/);
    const helpline = html.indexOf('id="helpline-title"');
    assert.ok(helpline > 0 && helpline < html.indexOf('<form action="/treatment"'), 'the helpline comes before the search form');
    assert.match(html, /href="tel:\+18006624357"/);
    assert.match(html, /<script type="module" src="\/assets\/treatment.js"/);
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
    const js = await server.get('/assets/treatment.js');
    assert.equal(js.status, 200);
    assert.match(await js.text(), /geolocation/);
    const api = await server.get('/api/v1/facilities?zip=22902');
    assert.deepEqual(((await api.json()) as { total: number }).total, 0);
  });

  test('the import endpoint needs the administrator token', async () => {
    const none = await fetch(`${server.url}/api/v1/admin/import/facilities`, { method: 'POST', body: 'x' });
    assert.equal(none.status, 401);
    const wrong = await importFile(fixture('facility-listing.csv'), '', 'not-the-token-but-long-enough-000');
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('an administrator imports; the search answers at once, nearest first, filtered', async () => {
    const response = await importFile(fixture('facility-listing.csv'));
    assert.equal(response.status, 200);
    const summary = (await response.json()) as { format: string; inserted: number; rejected: number; rejectedRows: { line: number; reason: string }[] };
    assert.equal(summary.format, 'findtreatment-csv', 'detected from the header');
    assert.equal(summary.inserted, 5);
    assert.deepEqual(summary.rejectedRows.map((r) => r.line), [7, 8]);
    const json = await importFile(fixture('locator-response.json'), '?format=findtreatment-json&source=locator');
    assert.equal(json.status, 200);

    const search = await server.get('/api/v1/facilities?zip=22902&radiusMiles=25&setting=detox&mat=buprenorphine&payment=medicaid&page=1');
    assert.equal(search.status, 200);
    const body = (await search.json()) as {
      total: number;
      page: number;
      pageSize: number;
      facilities: { id: string; name: string; address: { zip: string }; phone: string; location: { lat: number }; distanceMiles: number; services: Record<string, string[]>; source: string; lastVerified: string | null }[];
    };
    assert.equal(body.page, 1);
    assert.deepEqual(body.facilities.map((f) => f.name), ['Blue Ridge Recovery Center: Main Clinic', 'Rivanna Detox Unit']);
    assert.ok(body.facilities[0]!.distanceMiles <= body.facilities[1]!.distanceMiles);
    const first = body.facilities[1]!;
    assert.deepEqual(Object.keys(first.services), ['care', 'setting', 'mat', 'payment', 'language', 'age']);
    assert.equal(first.phone, '434-555-1001');
    assert.equal(first.lastVerified, null);

    const metrics = await (await server.get('/metrics')).text();
    assert.match(metrics, /rxsafety_facility_import_runs_total\{outcome="ok"\} 2/);
    assert.match(metrics, /rxsafety_facility_import_rows_total\{result="inserted"\} 9/);
  });

  test('bad searches get a 400 naming the problem', async () => {
    const unknownZip = await server.get('/api/v1/facilities?zip=00000');
    assert.equal(unknownZip.status, 400);
    assert.match(((await unknownZip.json()) as { detail: string }).detail, /00000 is not a US ZIP code we know/);
    const tooFar = await server.get('/api/v1/facilities?zip=22902&radiusMiles=600');
    assert.equal(tooFar.status, 400);
    assert.match(((await tooFar.json()) as { detail: string }).detail, /radiusMiles: at most 500 miles/);
    const badFilter = await server.get('/api/v1/facilities?zip=22902&setting=spa');
    assert.equal(badFilter.status, 400);
    assert.match(((await badFilter.json()) as { detail: string }).detail, /setting: one of: detox, hospital-inpatient, residential, outpatient/);
    const page = await server.get('/treatment?zip=00000');
    assert.equal(page.status, 400);
    assert.match(await page.text(), /00000 is not a US ZIP code we know/);
  });

  test('the page lists results with distance, tel: links, address, services and last verified', async () => {
    const response = await server.get('/treatment?zip=22902&radiusMiles=50&setting=detox');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.doesNotMatch(html, /No facility data is loaded/);
    assert.match(html, /<ol class="facility-list"/);
    assert.match(html, /Rivanna Detox Unit/);
    assert.match(html, /href="tel:4345551001"/);
    assert.match(html, /miles away/);
    assert.match(html, /400 Preston Avenue, Charlottesville, VA 22903/);
    assert.match(html, /<dt>Setting<\/dt><dd>Detox, Hospital inpatient<\/dd>/);
    assert.match(html, /Last verified: not stated by the source/);
    assert.match(html, /<option value="detox" selected="">Detox<\/option>/);
  });

  test('the form\'s "Any" choices arrive as empty fields and mean no filter', async () => {
    const response = await server.get('/treatment?zip=22902&radiusMiles=50&care=&setting=&mat=&payment=&language=&age=');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<ol class="facility-list"/);
    assert.match(html, /Rivanna Detox Unit/);
  });
});

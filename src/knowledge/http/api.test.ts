import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function problem(res: Response) {
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  for (const key of ['type', 'title', 'status', 'detail', 'code']) assert.ok(key in body, `problem has ${key}`);
  assert.equal(body.status, res.status);
  assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+|node_modules|Error:/, 'no stack trace');
  return body;
}

describe('knowledge API', () => {
  test('GET /healthz answers 200', async () => {
    const res = await server.get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('GET /api/v1/drugs lists every drug with id, name, brand names and classes', async () => {
    const res = await server.get('/api/v1/drugs');
    assert.equal(res.status, 200);
    const { drugs } = (await res.json()) as { drugs: { id: string; name: string; brandNames: string[]; classes: string[] }[] };
    const baclofen = drugs.find((d) => d.id === 'baclofen');
    assert.ok(baclofen);
    assert.ok(baclofen.brandNames.includes('Lioresal'));
    assert.ok(baclofen.classes.includes('gaba-b-agonist'));
    for (const id of ['tramadol', 'alcohol', 'acetaminophen', 'amoxicillin', 'loratadine', 'phenibut', 'sodium-oxybate']) {
      assert.ok(drugs.some((d) => d.id === id), `${id} listed`);
    }
    for (const d of drugs) assert.deepEqual(Object.keys(d).sort(), ['brandNames', 'classes', 'id', 'name']);
  });

  test('GET /api/v1/drugs/{idOrName} resolves ids, brands, RxCUI, any case and misspellings', async () => {
    for (const [input, matchedBy] of [
      ['baclofen', 'name'],
      ['Lioresal', 'brand'],
      ['OZOBAX', 'brand'],
      ['gablofen', 'brand'],
      ['1292', 'rxcui'],
      ['197391', 'product'],
      ['baclophen', 'misspelling'],
    ] as const) {
      const res = await server.get(`/api/v1/drugs/${encodeURIComponent(input)}`);
      assert.equal(res.status, 200, input);
      const drug = (await res.json()) as Record<string, unknown>;
      assert.equal(drug.id, 'baclofen', input);
      assert.equal(drug.matchedBy, matchedBy, input);
    }
  });

  test('the baclofen record has the documented shape, every section, and sources that resolve', async () => {
    const drug = (await (await server.get('/api/v1/drugs/baclofen')).json()) as {
      id: string;
      rxcui: string;
      atc: string[];
      synonyms: string[];
      brandNames: string[];
      classes: string[];
      review: { status: string; compiledOn: string; statement: string };
      sections: { id: string; title: string; claims: { id: string; text: string; sources: string[] }[] }[];
    };
    assert.equal(drug.rxcui, '1292');
    assert.deepEqual(drug.atc, ['M03BX01']);
    assert.ok(Array.isArray(drug.synonyms));
    assert.equal(drug.review.status, 'unreviewed');
    assert.match(drug.review.statement, /not yet reviewed by a clinician/);
    const required = ['overview', 'forms', 'regulatory', 'mechanism', 'uses', 'dosing', 'renal-and-elderly', 'pregnancy', 'adverse-effects', 'overdose', 'withdrawal', 'misuse', 'interactions', 'evidence', 'myths', 'emergency'];
    assert.deepEqual(drug.sections.map((s) => s.id), required);
    const sourceIds = new Set(drug.sections.flatMap((s) => s.claims.flatMap((c) => c.sources)));
    for (const id of sourceIds) {
      const res = await server.get(`/api/v1/sources/${id}`);
      assert.equal(res.status, 200, `source ${id} resolves`);
      await res.body?.cancel();
    }
  });

  test('an unknown drug gets 404 problem+json with suggestions', async () => {
    const res = await server.get('/api/v1/drugs/baklofenol');
    assert.equal(res.status, 404);
    const body = await problem(res);
    assert.equal(body.code, 'drug-not-found');
    assert.ok((body.suggestions as string[]).includes('Baclofen'), JSON.stringify(body.suggestions));
    const none = await server.get('/api/v1/drugs/qwertyuiop');
    assert.equal(none.status, 404);
    assert.deepEqual((await problem(none)).suggestions, []);
  });

  test('GET /api/v1/search finds drugs, sections, studies and sources', async () => {
    const res = await server.get('/api/v1/search?q=baclophen');
    assert.equal(res.status, 200);
    const { results } = (await res.json()) as { results: { type: string; id: string; url: string; title: string; snippet: string }[] };
    assert.equal(results[0]?.id, 'baclofen');
    assert.equal(results[0]?.url, '/drugs/baclofen');
    const withdrawal = (await (await server.get('/api/v1/search?q=withdrawal%20hallucinations')).json()) as { results: { type: string; id: string }[] };
    assert.ok(withdrawal.results.some((r) => r.type === 'section' && r.id === 'baclofen#withdrawal'));
    const study = (await (await server.get('/api/v1/search?q=Bacloville')).json()) as { results: { type: string }[] };
    assert.ok(study.results.some((r) => r.type === 'study'));
  });

  test('a repeated search gets the same answer, and each limit its own', async () => {
    const texts = [];
    for (let i = 0; i < 3; i++) {
      const res = await server.get('/api/v1/search?q=baclofen%20alcohol');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      texts.push(await res.text());
    }
    assert.equal(new Set(texts).size, 1);
    const all = (JSON.parse(texts[0]!) as { results: unknown[] }).results;
    assert.ok(all.length > 2);
    for (let i = 0; i < 3; i++) {
      const two = (await (await server.get('/api/v1/search?q=baclofen%20alcohol&limit=2')).json()) as { results: unknown[] };
      assert.deepEqual(two.results, all.slice(0, 2));
    }
  });

  test('search without a query, or with an oversized one, is a 400 naming the field', async () => {
    for (const path of ['/api/v1/search', '/api/v1/search?q=', `/api/v1/search?q=${'a'.repeat(201)}`]) {
      const res = await server.get(path);
      assert.equal(res.status, 400, path);
      const body = await problem(res);
      assert.equal(body.code, 'validation-failed');
      assert.deepEqual((body.errors as { field: string }[]).map((e) => e.field), ['q']);
    }
  });

  test('GET /api/v1/studies filters by drug and condition; the figures come from the study records', async () => {
    const res = await server.get('/api/v1/studies?drug=lioresal&condition=alcohol-use-disorder');
    assert.equal(res.status, 200);
    const { studies } = (await res.json()) as { studies: { id: string; condition: string; effectSize: string; n?: number }[] };
    assert.ok(studies.length >= 10);
    assert.ok(studies.every((s) => s.condition === 'alcohol-use-disorder'));
    const unknown = await server.get('/api/v1/studies?condition=hiccups');
    assert.equal(unknown.status, 404);
    await problem(unknown);
  });

  test('unknown source and unknown API path are problem+json 404s', async () => {
    for (const path of ['/api/v1/sources/nope', '/api/v1/nothing-here']) {
      const res = await server.get(path);
      assert.equal(res.status, 404, path);
      await problem(res);
    }
  });

  test('the OpenAPI 3.1 document describes the knowledge routes', async () => {
    const doc = (await (await server.get('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/drugs', '/api/v1/drugs/{idOrName}', '/api/v1/search', '/api/v1/sources/{id}', '/api/v1/studies']) {
      assert.ok(doc.paths[path], path);
    }
    const docs = await server.get('/api/docs');
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /GET \/api\/v1\/drugs\/\{idOrName\}/);
  });
});

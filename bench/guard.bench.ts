/**
 * Guard benchmark, in-process: inspecting typical requests (a search, a JSON interaction check, a
 * FHIR CDS Hooks body, a sign-up form, an attack), and a bare route through the whole app with the
 * guard on and off, to show what the guard adds to every request.
 * Run alone: node --import tsx bench/guard.bench.ts   (bench/run.ts imports run()).
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config/config.ts';
import { inspectionMemo, inspectRequest, type RequestSnapshot } from '../src/guard/inspect.ts';
import { createLogger } from '../src/observability/logger.ts';
import { buildDeps } from '../src/server.ts';
import { createApp } from '../src/web/app.tsx';
import { features } from '../src/web/features.ts';
import { timeIt, type BenchRow } from './timing.ts';


const browser = {
  host: 'rxsafety.org',
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
  cookie: 'theme=dark',
};
const json = (path: string, body: unknown): RequestSnapshot => {
  const text = JSON.stringify(body);
  return { method: 'POST', path, query: '', headers: { ...browser, 'content-type': 'application/json' }, body: { contentType: 'application/json', text } };
};
const cdsBody = {
  hook: 'order-select',
  context: {
    draftOrders: {
      resourceType: 'Bundle',
      entry: ['baclofen', 'tramadol', 'alcohol'].map((text, i) => ({
        resource: { resourceType: 'MedicationRequest', id: `m${i}`, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }], text } },
      })),
    },
  },
};

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cases: [string, RequestSnapshot][] = [
    ['inspect: page GET /drugs/baclofen', { method: 'GET', path: '/drugs/baclofen', query: '', headers: browser }],
    ['inspect: search "is baclofen safe with alcohol?"', { method: 'GET', path: '/search', query: 'q=is+baclofen+safe+with+alcohol%3F', headers: browser }],
    ['inspect: JSON interaction check (3 drugs)', json('/api/v1/interactions/check', { drugs: ['baclofen', 'tramadol', 'alcohol'] })],
    ['inspect: CDS Hooks FHIR body', json('/cds-services/rxsafety-interactions', cdsBody)],
    ['inspect: sign-up form', { method: 'POST', path: '/subscriptions', query: '', headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' }, body: { contentType: 'application/x-www-form-urlencoded', text: 'email=mary.obrien%40example.org&name=Mary+O%27Brien&consent=on' } }],
    ['inspect: SQL injection attempt', { method: 'GET', path: '/search', query: "q=%27+OR+1%3D1+--", headers: browser }],
  ];
  for (const [name, snapshot] of cases) rows.push(await timeIt(name, () => inspectRequest(snapshot), 20_000));
  // The rows above repeat one request, so every value's verdict is remembered; this one starts cold each time.
  const cds = cases.find(([name]) => name.includes('CDS'))![1];
  rows.push(await timeIt('inspect: CDS Hooks FHIR body, no verdict remembered', () => (inspectionMemo.clear(), inspectRequest(cds)), 5_000));

  for (const mode of ['off', 'block'] as const) {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' }, { GUARD_MODE: mode, RATE_LIMIT_PER_MINUTE: 100_000 });
    const deps = await buildDeps({ config, logger: createLogger('silent') });
    const app = await createApp(deps, features);
    rows.push(await timeIt(`app: GET /healthz, guard ${mode}`, () => app.request('/healthz', { headers: browser }), 5_000));
    rows.push(await timeIt(`app: GET /search?q=baclofen, guard ${mode}`, () => app.request('/search?q=baclofen', { headers: browser }), 2_000));
    for (const feature of features) await feature.close?.();
    await deps.database.close();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}

/**
 * What `npm run bench` measures over HTTP (bench/run.ts), and `npm run bench:compare` in-process
 * (bench/compare.ts): each endpoint with the request it sends.
 */
import fc from 'fast-check';
import type { Target } from './load.ts';

const med = (id: string, text: string) => ({
  resource: { resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text } },
});
const someDrugs = ['baclofen', 'tramadol', 'alcohol', 'gabapentin', 'diazepam', 'zolpidem', 'oxycodone', 'sertraline', 'lisinopril', 'ibuprofen'];
const drugList = (n: number) => Array.from({ length: n }, (_, i) => someDrugs[i % someDrugs.length]!);

/**
 * 5,000 distinct lists of `take` drugs in a fixed random order (fast-check's seeded sampler, so every
 * run sends the same "different" requests). A body comes back only after 4,999 others: by then its
 * answer has left the cache (16 MB: some 600 ten-drug answers), and its second coming is kept (the
 * cache keeps a key's second request), so these rows also pay for the cache's turnover.
 */
const DISTINCT_REQUESTS = 5_000;
const distinctLists = (take: number) => {
  const lists = new Map<string, string[]>();
  const orderings = fc.sample(fc.shuffledSubarray(someDrugs, { minLength: take, maxLength: take }), { seed: take, numRuns: DISTINCT_REQUESTS * 4 });
  for (const list of orderings) if (lists.size < DISTINCT_REQUESTS) lists.set(list.join(), list);
  if (lists.size < DISTINCT_REQUESTS) throw new Error(`only ${lists.size} distinct lists of ${take} drugs`);
  return [...lists.values()];
};
const cdsBody = (draft: string, active: readonly string[]) => ({
  hook: 'order-sign',
  hookInstance: 'bench',
  context: { patientId: 'p1', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [med('d1', draft)] } },
  prefetch: { activeMedications: { resourceType: 'Bundle', type: 'searchset', entry: active.map((text, i) => med(`a${i}`, text)) } },
});

export interface Candidate extends Target {
  /** `calibration`: not an endpoint, a yardstick; shown with its ratio, judged by no goal. */
  kind: 'json' | 'page' | 'calibration';
  /** The feature's OpenAPI path, to say in a skip note whether the feature is there at all. */
  requires?: string;
}

export const candidates: Candidate[] = [
  // Browsers always accept gzip; the page is served pre-compressed to them.
  { name: 'drug page HTML /drugs/baclofen', path: '/drugs/baclofen', kind: 'page', headers: { 'accept-encoding': 'gzip, deflate, br' } },
  { name: 'GET /api/v1/drugs/baclofen', path: '/api/v1/drugs/baclofen', kind: 'json' },
  { name: 'GET /api/v1/search?q=baclofen', path: '/api/v1/search?q=baclofen', kind: 'json' },
  ...[2, 10, 50].map((n): Candidate => ({
    name: `POST interactions/check, ${n} drugs`,
    path: '/api/v1/interactions/check',
    method: 'POST',
    body: { drugs: drugList(n) },
    kind: 'json',
    requires: '/api/v1/interactions/check',
  })),
  {
    name: 'POST interactions/check, 10 drugs, a new list each request',
    path: '/api/v1/interactions/check',
    method: 'POST',
    bodies: distinctLists(10).map((drugs) => ({ drugs })),
    kind: 'json',
    requires: '/api/v1/interactions/check',
  },
  {
    name: 'POST CDS Hooks order-sign (auth off)',
    path: '/cds-services/rxsafety-interactions',
    method: 'POST',
    kind: 'json',
    requires: '/cds-services',
    body: cdsBody('baclofen', ['tramadol', 'alcohol', 'gabapentin']),
  },
  {
    name: 'POST CDS Hooks order-sign, new medications each request',
    path: '/cds-services/rxsafety-interactions',
    method: 'POST',
    kind: 'json',
    requires: '/cds-services',
    bodies: distinctLists(5).map(([draft, ...active]) => cdsBody(draft!, active)),
  },
  { name: 'POST plans/titration to 60 mg/day', path: '/api/v1/plans/titration', method: 'POST', kind: 'json', requires: '/api/v1/plans/titration', body: { drug: 'baclofen', route: 'oral', targetDailyMg: 60, startDate: '2026-12-01' } },
  { name: 'POST plans/taper from 60 mg/day', path: '/api/v1/plans/taper', method: 'POST', kind: 'json', requires: '/api/v1/plans/taper', body: { drug: 'baclofen', route: 'oral', currentDailyMg: 60, durationWeeks: 26, startDate: '2026-12-01' } },
  { name: 'POST screenings/audit-c', path: '/api/v1/screenings/audit-c', method: 'POST', kind: 'json', requires: '/api/v1/screenings/{id}', body: { answers: { q1: 3, q2: 2, q3: 1 }, sex: 'female' } },
  { name: 'GET facility search near a ZIP (no facilities imported)', path: '/api/v1/facilities?zip=10001&radiusMiles=25', kind: 'json', requires: '/api/v1/facilities' },
  ...(process.env.BENCH_CALIBRATE === '1' ? [10, 20, 40] : []).map(
    (us): Candidate => ({ name: `calibration: bare GET after ${us} µs of busy work`, path: `/bench/work?us=${us}`, kind: 'calibration' }),
  ),
];

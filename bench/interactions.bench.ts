/**
 * Interaction checker benchmark: in-process checks of 2, 10 and 50 drugs, then the CDS Hooks endpoint
 * under load beside a bare route of the same server in the same run.
 * Run alone: node --import tsx bench/interactions.bench.ts   (bench/run.ts imports run()).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { InteractionChecker } from '../src/interactions/engine.ts';
import { loadInteractionRules } from '../src/interactions/load-rules.ts';
import { startTestServer } from '../src/testing/test-server.ts';
import { timeIt, type BenchRow } from './timing.ts';


async function load(name: string, url: string, options: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<BenchRow> {
  const result: { non2xx: number; errors: number; requests: { average: number }; latency: { p50: number; p99: number } } = await autocannon({ url, connections: 10, duration: 5, method: options.method ?? 'GET', headers: { 'content-type': 'application/json' }, ...(options.body ? { body: options.body } : {}) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return { name, opsPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

export async function run(): Promise<BenchRow[]> {
  const kb = KnowledgeBase.fromDirectory('content');
  const checker = new InteractionChecker(kb, loadInteractionRules('content', kb));
  const ids = [...kb.drugs.keys()];
  // Real names, brand names and RxCUIs, cycled to the size wanted (50 repeats some: duplicates are part of the work).
  const names = [...ids, 'Lioresal', 'Xanax', '197391', '10689', 'baclofne'];
  const listOf = (n: number) => Array.from({ length: n }, (_, i) => names[i % names.length]!);
  const rows = [
    await timeIt('interactions: check 2 drugs (in-process)', () => checker.check(['baclofen', 'tramadol']), 20_000),
    await timeIt('interactions: check 10 drugs (in-process)', () => checker.check(listOf(10)), 5_000),
    await timeIt('interactions: check 50 drugs (in-process)', () => checker.check(listOf(50)), 1_000),
  ];

  const server = await startTestServer({
    env: { CDS_HOOKS_AUTH: 'off', RATE_LIMIT_PER_MINUTE: '100000' },
    config: { RATE_LIMIT_PER_MINUTE: 100_000 },
  });
  try {
    const med = (id: string, text: string) => ({ resource: { resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text } } });
    const body = JSON.stringify({
      hook: 'order-sign',
      hookInstance: 'bench',
      context: { patientId: 'p1', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [med('d1', 'baclofen')] } },
      prefetch: { activeMedications: { resourceType: 'Bundle', type: 'searchset', entry: [med('a1', 'tramadol'), med('a2', 'alcohol'), med('a3', 'gabapentin'), med('a4', 'lisinopril')] } },
    });
    rows.push(await load('http: bare route GET /healthz (same server)', `${server.url}/healthz`));
    rows.push(await load('http: CDS Hooks POST /cds-services/rxsafety-interactions (auth off)', `${server.url}/cds-services/rxsafety-interactions`, { method: 'POST', body }));
  } finally {
    await server.close();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}

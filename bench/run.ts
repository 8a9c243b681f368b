/**
 * `npm run bench`: measures each endpoint beside a bare route of the same server, in the same run,
 * on the same machine, at 64 connections; then the in-process feature benches; then start-up time
 * and memory. Prints tables and writes bench/results.json. Not part of `npm test`.
 *
 * BENCH_SECONDS (default 3) sets the load duration per endpoint.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CONNECTIONS, loadTest, startBenchServer, type LoadResult, type Target } from './http.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BENCH_DIR = import.meta.dirname;

/** Goals from issue 9, as ratios to the bare route measured just before each endpoint. */
const GOALS = { jsonThroughput: 0.5, pageThroughput: 0.33, p99Factor: 5 };

const med = (id: string, text: string) => ({
  resource: { resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text } },
});
const someDrugs = ['baclofen', 'tramadol', 'alcohol', 'gabapentin', 'diazepam', 'zolpidem', 'oxycodone', 'sertraline', 'lisinopril', 'ibuprofen'];
const drugList = (n: number) => Array.from({ length: n }, (_, i) => (i < someDrugs.length ? someDrugs[i]! : `${someDrugs[i % someDrugs.length]}`));

interface Candidate extends Target {
  kind: 'json' | 'page';
  /** The feature's OpenAPI path, to say in a skip note whether the feature is there at all. */
  requires?: string;
}

const candidates: Candidate[] = [
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
    name: 'POST CDS Hooks order-sign (auth off)',
    path: '/cds-services/rxsafety-interactions',
    method: 'POST',
    kind: 'json',
    requires: '/cds-services',
    body: {
      hook: 'order-sign',
      hookInstance: 'bench',
      context: { patientId: 'p1', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [med('d1', 'baclofen')] } },
      prefetch: { activeMedications: { resourceType: 'Bundle', type: 'searchset', entry: [med('a1', 'tramadol'), med('a2', 'alcohol'), med('a3', 'gabapentin')] } },
    },
  },
  { name: 'POST plans/titration to 60 mg/day', path: '/api/v1/plans/titration', method: 'POST', kind: 'json', requires: '/api/v1/plans/titration', body: { drug: 'baclofen', route: 'oral', targetDailyMg: 60, startDate: '2026-12-01' } },
  { name: 'POST plans/taper from 60 mg/day', path: '/api/v1/plans/taper', method: 'POST', kind: 'json', requires: '/api/v1/plans/taper', body: { drug: 'baclofen', route: 'oral', currentDailyMg: 60, durationWeeks: 26, startDate: '2026-12-01' } },
  { name: 'POST screenings/audit-c', path: '/api/v1/screenings/audit-c', method: 'POST', kind: 'json', requires: '/api/v1/screenings/{id}', body: { answers: { q1: 3, q2: 2, q3: 1 }, sex: 'female' } },
  { name: 'GET facility search near a ZIP (no facilities imported)', path: '/api/v1/facilities?zip=10001&radiusMiles=25', kind: 'json', requires: '/api/v1/facilities' },
];

interface Row {
  name: string;
  kind: 'json' | 'page';
  requestsPerSec: number;
  bareRequestsPerSec: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  bareP99Ms: number;
  p99Factor: number;
  non2xx: number;
  meetsGoal: boolean;
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    cpus: availableParallelism(),
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? 'unknown',
    node: process.version,
    commit,
    connections: CONNECTIONS,
    secondsPerEndpoint: SECONDS,
  };
}

async function main() {
  const info = machine();
  console.log(`rxsafety bench: ${info.cpus} × ${info.cpuModel}, Node ${info.node}, ${CONNECTIONS} connections, ${SECONDS} s per endpoint`);
  const server = await startBenchServer({
    CDS_HOOKS_AUTH: 'off',
  });
  const rssAtStartBytes = await server.rssBytes();
  const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  const paths = Object.keys(openapi.paths);
  const skipped: string[] = [];
  const rows: Row[] = [];
  const bare: Target = { name: 'bare route', path: '/bench/bare' };
  try {
    // Warm up: JIT, page caches, connection pools.
    for (const target of [bare, ...candidates]) await loadTest(server.url, target, 1).catch(() => undefined);
    for (const target of candidates) {
      // Features land over time: one request first, and a missing or refusing endpoint is noted, not measured.
      const probe = await fetch(`${server.url}${target.path}`, {
        method: target.method ?? 'GET',
        ...(target.body !== undefined ? { body: JSON.stringify(target.body), headers: { 'content-type': 'application/json' } } : {}),
      });
      await probe.arrayBuffer();
      if (!probe.ok) {
        const listed = target.requires && paths.some((p) => p.startsWith(target.requires!)) ? 'listed in OpenAPI' : 'not in OpenAPI';
        skipped.push(`${target.name}: answered ${probe.status} (${listed}); not measured`);
        continue;
      }
      // The bare route just before each endpoint: the machine is shared, so the limit drifts.
      const limit: LoadResult = await loadTest(server.url, bare, SECONDS);
      const measured = await loadTest(server.url, target, SECONDS);
      const ratio = +(measured.requestsPerSec / limit.requestsPerSec).toFixed(2);
      const p99Factor = +(measured.p99Ms / Math.max(1, limit.p99Ms)).toFixed(2);
      const throughputGoal = target.kind === 'page' ? GOALS.pageThroughput : GOALS.jsonThroughput;
      const row: Row = {
        name: target.name,
        kind: target.kind,
        requestsPerSec: measured.requestsPerSec,
        bareRequestsPerSec: limit.requestsPerSec,
        ratio,
        p50Ms: measured.p50Ms,
        p99Ms: measured.p99Ms,
        bareP99Ms: limit.p99Ms,
        p99Factor,
        non2xx: measured.non2xx,
        meetsGoal: measured.non2xx === 0 && ratio >= throughputGoal && p99Factor <= GOALS.p99Factor,
      };
      rows.push(row);
      console.log(`  ${row.name}: ${row.requestsPerSec} req/s (${row.ratio} of bare), p99 ${row.p99Ms} ms${row.non2xx ? `, ${row.non2xx} non-2xx!` : ''}`);
    }
  } finally {
    var rssAfterLoadBytes = await server.rssBytes();
    await server.stop();
  }

  console.log('\nHTTP, each beside the bare route measured just before it:');
  console.table(
    rows.map((r) => ({
      endpoint: r.name,
      'req/s': r.requestsPerSec,
      'bare req/s': r.bareRequestsPerSec,
      ratio: r.ratio,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'bare p99': r.bareP99Ms,
      'p99 ×bare': r.p99Factor,
      goal: r.meetsGoal ? 'met' : 'MISSED',
    })),
  );
  for (const note of skipped) console.log(`skipped: ${note}`);

  // The features' own in-process benches, where present.
  const featureBenches: Record<string, unknown[]> = {};
  for (const name of ['interactions', 'plans', 'screening', 'treatment', 'guard']) {
    const file = resolve(BENCH_DIR, `${name}.bench.ts`);
    if (!existsSync(file)) {
      skipped.push(`bench/${name}.bench.ts: not present`);
      continue;
    }
    try {
      const mod = (await import(file)) as { run?: () => Promise<unknown[]> | unknown[] };
      if (typeof mod.run !== 'function') throw new Error('exports no run()');
      featureBenches[name] = await mod.run();
      console.log(`\nbench/${name}.bench.ts:`);
      console.table(featureBenches[name]);
    } catch (error) {
      skipped.push(`bench/${name}.bench.ts failed: ${(error as Error).message}`);
      console.log(`bench/${name}.bench.ts failed: ${(error as Error).message}`);
    }
  }

  // Start-up: a fresh process to the listening URL (tsx compile, content load, migrations).
  const fresh = await startBenchServer();
  const startup = { startupMs: fresh.startupMs, rssAtStartMb: +(rssAtStartBytes / 2 ** 20).toFixed(1), rssAfterLoadMb: +(rssAfterLoadBytes / 2 ** 20).toFixed(1) };
  await fresh.stop();
  console.log('\nstart-up and memory:');
  console.table([startup]);

  const results = { machine: info, goals: GOALS, http: rows, featureBenches, startup, skipped };
  writeFileSync(resolve(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench/results.json; ${rows.filter((r) => !r.meetsGoal).length} of ${rows.length} HTTP endpoints missed a goal`);
}

await main();

/**
 * `npm run bench`: measures each endpoint beside a bare route of the same server, in the same run,
 * on the same machine, at 64 connections; then the in-process feature benches; then start-up time
 * and memory. Prints tables and writes bench/results.json. Not part of `npm test`.
 *
 * Each endpoint is measured in BENCH_ROUNDS rounds (default 3), each round the bare route then the
 * endpoint for BENCH_SECONDS (default 10); the ratio reported is the median of the rounds' ratios.
 * BENCH_LOAD=autocannon and BENCH_PIN=0 change how the load is made (bench/load.ts). BENCH_ONLY=text
 * measures only the endpoints whose name contains the text, and skips the in-process benches.
 * BENCH_CALIBRATE=1 adds rows for the bare GET after 10, 20 and 40 µs of busy work: what a ratio
 * means in microseconds of work per request on this machine (no goal applies to them).
 * Facility search is also measured with facilities imported (14k and 100k, SQLite and PostgreSQL),
 * each on a bench server of its own (measureFacilitySearch; needs ../shared).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openTestPostgres } from '../src/testing/databases.ts';
import { importFacilities } from '../src/treatment/import.ts';
import { FacilityRepository } from '../src/treatment/repository.ts';
import { FACILITY_FILE_LABELS, facilityFiles, facilitySearchPaths, NATIONAL, type FacilityFile } from './facility-data.ts';
import { startBenchServer, type BenchServer } from './http.ts';
import { candidates, type Candidate } from './endpoints.ts';
import { CONNECTIONS, loadSetup, loadTest, type LoadResult, type Target } from './load.ts';

// Rounds of 10 s, not 3: each round starts a load generator that opens 64 connections at once, and
// the first responses on them are the slowest of the run (about 30 times the usual latency, for a bare
// node:http server too). In 3 s they were more than 1% of the responses, so p99 measured that start
// rather than the endpoint (docs/PERFORMANCE.md, "Tails"); the slowest response is reported apart.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ONLY;
const BENCH_DIR = import.meta.dirname;

/**
 * Goals from issue 9, as ratios to the bare route measured just before each endpoint: for a POST, the
 * bare POST with the same body, the practical limit for a request that carries it (docs/PERFORMANCE.md,
 * "How the goals are judged"); the ratio to the bare GET is shown beside it. p99 is judged against
 * the bare GET's for every endpoint.
 */
const GOALS = { jsonThroughput: 0.5, pageThroughput: 0.33, p99Factor: 5, postThroughputJudgedBy: 'bare POST with the same body' };

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : +((sorted[middle - 1]! + sorted[middle]!) / 2).toFixed(2);
};

interface Row {
  name: string;
  kind: Candidate['kind'];
  requestsPerSec: number;
  bareRequestsPerSec: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  bareP99Ms: number;
  p99Factor: number;
  /** The slowest response in any round, the endpoint's and the bare route's (not part of the goals). */
  maxMs: number;
  bareMaxMs: number;
  non2xx: number;
  /** Null for calibration rows, which no goal judges. */
  meetsGoal: boolean | null;
  /** Each round's ratio, lowest first: how settled the median is. */
  roundRatios: number[];
  /** POST endpoints: beside POST /bench/bare with the same body, which judges their throughput goal. */
  ratioToBarePost?: number;
  barePostRequestsPerSec?: number;
  /** Server CPU time per request (µs), the endpoint's and the bare route's, and bare ÷ endpoint: the
   * throughput ratio the server would reach if nothing but its own CPU limited it. */
  cpuUsPerRequest: number;
  bareCpuUsPerRequest: number;
  cpuRatio: number;
  cpuRatioToBarePost?: number;
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
    rounds: ROUNDS,
    loadGenerator: loadSetup.generator,
    serverCores: loadSetup.serverCores ?? 'not pinned',
    loadGeneratorCores: loadSetup.generatorCores ?? 'not pinned',
  };
}

// Throughput on a shared virtual machine moves with its neighbours; the server's CPU time per request
// does not (much), so each load also reads how much CPU the server used for it.
type Measured = LoadResult & { cpuUsPerRequest: number };

/**
 * Measures each target on `server`, each round beside the bare route (and, for a POST, the bare POST
 * with the same body) just before it, and appends a row per target; what cannot be measured is noted.
 */
async function measureTargets(server: BenchServer, chosen: readonly Candidate[], rows: Row[], skipped: string[]): Promise<void> {
  const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  const paths = Object.keys(openapi.paths);
  const bare: Target = { name: 'bare route', path: '/bench/bare' };
  const measure = async (target: Target): Promise<Measured> => {
    const before = await server.cpuUs();
    const load = await loadTest(server.url, target, SECONDS);
    return { ...load, cpuUsPerRequest: ((await server.cpuUs()) - before) / Math.max(1, load.requests) };
  };
  // Warm up: JIT, page caches, connection pools.
  for (const target of [bare, ...chosen]) await loadTest(server.url, target, 1).catch(() => undefined);
  for (const target of chosen) {
    // Features land over time: one request first, and a missing or refusing endpoint is noted, not measured.
    const probeBody = target.bodies?.[0] ?? target.body;
    const probe = await fetch(`${server.url}${target.path}`, {
      method: target.method ?? 'GET',
      ...(probeBody !== undefined ? { body: JSON.stringify(probeBody), headers: { 'content-type': 'application/json' } } : {}),
    });
    await probe.arrayBuffer();
    if (!probe.ok) {
      const listed = target.requires && paths.some((p) => p.startsWith(target.requires!)) ? 'listed in OpenAPI' : 'not in OpenAPI';
      skipped.push(`${target.name}: answered ${probe.status} (${listed}); not measured`);
      continue;
    }
    // The bare route just before the endpoint in each round: the machine is shared, so the limit drifts.
    // A POST is also measured beside a bare POST with the same body: what reading, inspecting and
    // parsing the body costs before the endpoint does any work.
    const barePost: Target | undefined = target.method === 'POST' ? { name: 'bare POST', path: '/bench/bare', method: 'POST', ...(target.bodies ? { bodies: target.bodies } : { body: target.body }) } : undefined;
    const rounds: { limit: Measured; postLimit?: Measured; measured: Measured }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const limit = await measure(bare);
      const postLimit = barePost ? await measure(barePost) : undefined;
      rounds.push({ limit, ...(postLimit ? { postLimit } : {}), measured: await measure(target) });
    }
    const roundRatios = rounds.map((r) => +(r.measured.requestsPerSec / r.limit.requestsPerSec).toFixed(2)).sort((a, b) => a - b);
    const ratio = median(roundRatios);
    const measured = (pick: (r: Measured) => number) => median(rounds.map((r) => pick(r.measured)));
    const p99Ms = measured((r) => r.p99Ms);
    const bareP99Ms = median(rounds.map((r) => r.limit.p99Ms));
    // Per round, like the throughput ratio: a stall of the virtual machine lifts both p99s of a round.
    const p99Factor = median(rounds.map((r) => +(r.measured.p99Ms / Math.max(1, r.limit.p99Ms)).toFixed(2)));
    const non2xx = rounds.reduce((sum, r) => sum + r.measured.non2xx + r.measured.errors, 0);
    const throughputGoal = target.kind === 'page' ? GOALS.pageThroughput : GOALS.jsonThroughput;
    const ratioToBarePost = barePost ? median(rounds.map((r) => +(r.measured.requestsPerSec / r.postLimit!.requestsPerSec).toFixed(2))) : undefined;
    const judgedRatio = ratioToBarePost ?? ratio;
    const row: Row = {
      name: target.name,
      kind: target.kind,
      requestsPerSec: measured((r) => r.requestsPerSec),
      bareRequestsPerSec: median(rounds.map((r) => r.limit.requestsPerSec)),
      ratio,
      p50Ms: measured((r) => r.p50Ms),
      p99Ms,
      bareP99Ms,
      p99Factor,
      maxMs: Math.max(...rounds.map((r) => r.measured.maxMs)),
      bareMaxMs: Math.max(...rounds.map((r) => r.limit.maxMs)),
      non2xx,
      meetsGoal: target.kind === 'calibration' ? null : non2xx === 0 && judgedRatio >= throughputGoal && p99Factor <= GOALS.p99Factor,
      roundRatios,
      cpuUsPerRequest: Math.round(measured((r) => r.cpuUsPerRequest)),
      bareCpuUsPerRequest: Math.round(median(rounds.map((r) => r.limit.cpuUsPerRequest))),
      cpuRatio: median(rounds.map((r) => +(r.limit.cpuUsPerRequest / r.measured.cpuUsPerRequest).toFixed(2))),
      ...(barePost ? { cpuRatioToBarePost: median(rounds.map((r) => +(r.postLimit!.cpuUsPerRequest / r.measured.cpuUsPerRequest).toFixed(2))) } : {}),
      ...(barePost ? { ratioToBarePost, barePostRequestsPerSec: median(rounds.map((r) => r.postLimit!.requestsPerSec)) } : {}),
    };
    rows.push(row);
    console.log(`  ${row.name}: ${row.requestsPerSec} req/s (${row.ratio} of bare; rounds ${roundRatios.join(', ')}${row.ratioToBarePost !== undefined ? `; ${row.ratioToBarePost} of bare POST` : ''}; CPU ${row.cpuUsPerRequest} µs/request, ${row.cpuRatio} of bare's), p99 ${row.p99Ms} ms${row.non2xx ? `, ${row.non2xx} non-2xx or errors!` : ''}`);
  }
}

/** Facility files over HTTP: each file and database gets a server of its own, with the file imported. */
const FACILITY_BACKENDS = ['SQLite', 'PostgreSQL'] as const;
const FACILITY_LABELS = Object.values(FACILITY_FILE_LABELS);
const facilityRowName = (label: string, backend: string) => `GET facility search, 25 miles near a ZIP: ${label}, ${backend}`;

/**
 * Facility search at 14k and 100k facilities, on SQLite and on PostgreSQL, over HTTP: for each, the
 * file is imported into a database of its own, a bench server is started on it, and the search is
 * measured beside that server's bare route, each request near a different ZIP (1,000 in turn).
 * Needs ../shared (the national file); PostgreSQL is skipped with a note when it is not running.
 */
async function measureFacilitySearch(rows: Row[], skipped: string[]): Promise<void> {
  const wanted = FACILITY_LABELS.flatMap((label) => FACILITY_BACKENDS.map((backend) => facilityRowName(label, backend))).filter((name) => ONLY === undefined || name.includes(ONLY));
  if (wanted.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-bench-facilities-'));
  try {
    const data = facilityFiles(dir, 1000);
    if (!data) {
      skipped.push(`facility search with facilities imported: ../shared/${NATIONAL} is absent; not measured`);
      return;
    }
    for (const file of data.files) {
      for (const backend of FACILITY_BACKENDS) {
        const name = facilityRowName(file.label, backend);
        if (!wanted.includes(name)) continue;
        const database = await facilityDatabase(backend, file, dir, (reason) => skipped.push(`${name}: ${reason}`));
        if (!database) continue;
        try {
          const server = await startBenchServer({ DATABASE_URL: database.url, DATA_DIR: dir });
          try {
            const paths = facilitySearchPaths(data.zips, file);
            await measureTargets(server, [{ name, path: paths[0]!, paths, kind: 'json', requires: '/api/v1/facilities' }], rows, skipped);
          } finally {
            await server.stop();
          }
        } finally {
          await database.close();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database of its own with `file` imported, for a server in another process; undefined if it cannot be had. */
async function facilityDatabase(backend: (typeof FACILITY_BACKENDS)[number], file: FacilityFile, dir: string, skip: (reason: string) => void) {
  const imported = async (database: DatabaseHandle) => {
    const summary = await importFacilities(new FacilityRepository(database.db), readFileSync(file.path), { format: 'csv', source: file.label });
    console.log(`  (${file.label} imported into ${backend}: ${summary.inserted} facilities)`);
  };
  if (backend === 'SQLite') {
    // The server opens the file itself, so this connection closes once the import is done.
    const url = `sqlite:${join(dir, `facilities-${randomUUID()}.sqlite`)}`;
    const handle = openDatabase({ databaseUrl: url, dataDir: dir });
    await migrateToLatest(handle.db);
    await imported(handle);
    await handle.close();
    return { url, close: async () => {} };
  }
  const postgres = await openTestPostgres({ skip } as unknown as TestContext);
  if (!postgres) return undefined;
  await imported(postgres);
  // The database is dropped when the server is done with it.
  return { url: postgres.url, close: () => postgres.dispose() };
}

async function main() {
  const info = machine();
  console.log(`rxsafety bench: ${info.cpus} × ${info.cpuModel}, Node ${info.node}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per endpoint`);
  console.log(`load from ${info.loadGenerator}; server on cores ${info.serverCores}, load generator on cores ${info.loadGeneratorCores}`);
  if (info.loadGenerator === 'autocannon') console.log('(wrk is not installed: apt-get install -y wrk gives steadier ratios; see docs/PERFORMANCE.md)');
  const server = await startBenchServer({
    CDS_HOOKS_AUTH: 'off',
  });
  const rssAtStartBytes = await server.rssBytes();
  const skipped: string[] = [];
  const rows: Row[] = [];
  try {
    await measureTargets(server, candidates.filter((t) => ONLY === undefined || t.name.includes(ONLY)), rows, skipped);
  } finally {
    var rssAfterLoadBytes = await server.rssBytes();
    await server.stop();
  }
  await measureFacilitySearch(rows, skipped);

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
      'max ms (bare)': `${r.maxMs} (${r.bareMaxMs})`,
      rounds: r.roundRatios.join(' '),
      'CPU µs/req': r.cpuUsPerRequest,
      'CPU ratio': r.cpuRatio,
      'of bare POST (req/s, CPU)': r.ratioToBarePost !== undefined ? `${r.ratioToBarePost}, ${r.cpuRatioToBarePost}` : '',
      goal: r.meetsGoal === null ? '—' : `${r.meetsGoal ? 'met' : 'MISSED'} (${r.ratioToBarePost !== undefined ? 'bare POST' : 'bare GET'})`,
    })),
  );
  for (const note of skipped) console.log(`skipped: ${note}`);

  // The features' own in-process benches, where present.
  const featureBenches: Record<string, unknown[]> = {};
  for (const name of ONLY === undefined ? ['interactions', 'plans', 'screening', 'treatment', 'guard'] : []) {
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
  // A partial run (BENCH_ONLY) prints its figures but leaves the last full run's file alone.
  if (ONLY === undefined) writeFileSync(resolve(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const endpoints = rows.filter((r) => r.kind !== 'calibration');
  console.log(`\n${ONLY === undefined ? 'wrote bench/results.json; ' : ''}${endpoints.filter((r) => !r.meetsGoal).length} of ${endpoints.length} HTTP endpoints missed a goal`);
}

await main();

/**
 * `npm run bench:compare -- <git revision>`: what a change does to each endpoint's CPU per request,
 * measured in-process against the same endpoints of an earlier revision, on this machine, in one run.
 *
 * Why in-process and paired: on the shared VMs this project is built on, two HTTP runs of the same
 * code a minute apart differ by up to ±7% in CPU per request (the kernel's share moves with the
 * neighbours), which hides a change worth 5–10%. Here both apps live in one process, built from the two
 * source trees, and each endpoint is measured in alternating batches (old, new, new, old, …), so drift
 * falls on both alike; the figure is the median of the batches' ratios. The bare POST is the control:
 * the same code in both trees, measured in every round beside the rest, so its ratio shows the noise
 * left, and each endpoint's ratio over the control's in the same round takes out what both share.
 *
 * The revision is checked out with `git worktree` into a temporary folder that shares this
 * checkout's node_modules, and removed afterwards (a revision that used a package this checkout has
 * since dropped says which to install with --no-save). In-process means no sockets: what this shows is the
 * app's own work (middleware, validation, the feature, the answer); `npm run bench` shows it under HTTP.
 *
 * Facility search is compared too when ../shared holds SAMHSA's national file: each app gets a SQLite
 * file of its own with the 14,034 facilities imported by its own code (its own migrations and
 * importer), and searches 25 miles around 1,000 facility ZIPs in turn, as `npm run bench` does.
 * `BENCH_FACILITIES=100k` gives the apps the generated 100,000 instead, searched with the bench's
 * filters (outpatient, Medicaid).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { candidates } from './endpoints.ts';
import { FACILITY_FILE_LABELS, facilityFiles, facilitySearchPaths } from './facility-data.ts';
import { benchOnly } from './http.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 16);
const PER_BATCH = Number(process.env.BENCH_PER_BATCH ?? 1000);
/** Only the endpoints whose name contains this (and the control), for more rounds of one change in the same time. */
const ONLY = process.env.BENCH_ONLY;

interface Endpoint {
  name: string;
  path: string;
  /** Sent in turn instead of `path`, one per request. */
  paths?: readonly string[];
  body?: unknown;
}

/** The endpoints whose own work a change is likely to move, as `npm run bench` sends them. */
const COMPARED = ['GET /api/v1/drugs/baclofen', 'POST interactions/check, 10 drugs', 'POST plans/titration to 60 mg/day', 'POST plans/taper from 60 mg/day', 'POST screenings/audit-c'];
const titration = candidates.find((c) => c.name === 'POST plans/titration to 60 mg/day')!;
const endpoints: Endpoint[] = [
  { name: 'control: bare POST (the same code in both)', path: '/bench/bare', body: titration.body },
  ...COMPARED.map((name) => {
    const candidate = candidates.find((c) => c.name === name);
    if (!candidate) throw new Error(`bench/endpoints.ts has no endpoint named "${name}"`);
    return candidate;
  }),
];

type Fetch = (request: Request, env: unknown) => Promise<Response>;

/**
 * The app of a source tree, with every production feature and the bench-only routes (bench/http.ts),
 * on a SQLite file of its own holding `facilityFile` when given, imported by that tree's own code.
 */
async function appFrom(root: string, workDir: string, facilityFile: string | undefined): Promise<Fetch> {
  const databaseUrl = `sqlite:${mkdtempSync(join(workDir, 'app-'))}/rxsafety.sqlite`;
  if (facilityFile) {
    const { openDatabase } = await import(join(root, 'src/db/database.ts'));
    const { migrateToLatest } = await import(join(root, 'src/db/migrate.ts'));
    const { importFacilities } = await import(join(root, 'src/treatment/import.ts'));
    const { FacilityRepository } = await import(join(root, 'src/treatment/repository.ts'));
    const handle = openDatabase({ databaseUrl, dataDir: workDir });
    await migrateToLatest(handle.db);
    await importFacilities(new FacilityRepository(handle.db), readFileSync(facilityFile), { format: 'csv', source: 'bench' });
    await handle.close();
  }
  process.env.DATABASE_URL = databaseUrl;
  const { buildDeps } = await import(join(root, 'src/server.ts'));
  const { createApp } = await import(join(root, 'src/web/app.tsx'));
  const { features } = await import(join(root, 'src/web/features.ts'));
  const { createLogger } = await import(join(root, 'src/observability/logger.ts'));
  const deps = await buildDeps({ logger: createLogger('error') });
  const app = await createApp(deps, [...features, benchOnly]);
  return (request, env) => app.fetch(request, env);
}

// What @hono/node-server hands the app: the client address comes from the socket.
const nodeEnv = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };

function request(endpoint: Endpoint): Request {
  const headers: Record<string, string> = { host: '127.0.0.1', 'user-agent': 'bench-compare' };
  if (endpoint.body === undefined) return new Request(`http://127.0.0.1${endpoint.path}`, { headers });
  const text = JSON.stringify(endpoint.body);
  Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  return new Request(`http://127.0.0.1${endpoint.path}`, { method: 'POST', headers, body: text });
}

/**
 * Where each app's next request to an endpoint with `paths` goes, so its batches continue its cycle.
 * Per app: with one cycle shared, the old app's batch and the new one's would search different ZIPs.
 */
const nextPath = new Map<Fetch, Map<Endpoint, number>>();

/** CPU µs per request over `count` requests, each answered and read to the end. */
async function batch(fetch: Fetch, endpoint: Endpoint, count: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    let sent = endpoint;
    if (endpoint.paths) {
      const cycle = nextPath.get(fetch) ?? nextPath.set(fetch, new Map()).get(fetch)!;
      const at = cycle.get(endpoint) ?? 0;
      sent = { ...endpoint, path: endpoint.paths[at % endpoint.paths.length]! };
      cycle.set(endpoint, at + 1);
    }
    const response = await fetch(request(sent), nodeEnv);
    if (response.status !== 200) throw new Error(`${endpoint.name}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

function checkout(revision: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'rxsafety-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', root, revision], { stdio: 'inherit' });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  return {
    root,
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', root]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const revision = process.argv[2];
  // No rate limit on the batches (as in bench/http.ts).
  Object.assign(process.env, { RATE_LIMIT_PER_MINUTE: '10000000' });
  if (!revision) {
    console.error('usage: npm run bench:compare -- <git revision to compare this checkout with>, e.g. HEAD~1');
    process.exit(2);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'rxsafety-compare-data-'));
  const facilities = facilityFiles(workDir, 1000);
  const wantedFile = process.env.BENCH_FACILITIES === '100k' ? FACILITY_FILE_LABELS.generated : FACILITY_FILE_LABELS.national;
  const facilityFile = facilities?.files.find((file) => file.label === wantedFile);
  if (facilities && facilityFile) {
    endpoints.push({ name: `facility search, ${facilityFile.label}, SQLite, 25 miles`, path: '', paths: facilitySearchPaths(facilities.zips, facilityFile) });
  } else {
    console.log('(facility search not compared: ../shared holds no national facility file)');
  }
  if (ONLY !== undefined) endpoints.splice(1, Infinity, ...endpoints.slice(1).filter((endpoint) => endpoint.name.includes(ONLY)));
  const baseline = checkout(revision);
  try {
    const old = await appFrom(baseline.root, workDir, facilityFile?.path).catch((error: NodeJS.ErrnoException) => {
      // The revision shares this checkout's node_modules, so a package it used and this one dropped is missing.
      const missing = error.code === 'ERR_MODULE_NOT_FOUND' && /Cannot find package '([^']+)'/.exec(error.message)?.[1];
      if (missing) console.error(`${revision} needs the package ${missing}, which this checkout no longer installs: npm install --no-save ${missing}@<the version in ${revision}'s package.json>, then run this again`);
      throw error;
    });
    const current = await appFrom(resolve('.'), workDir, facilityFile?.path);
    // Warm both (JIT, answer caches) before counting.
    for (const endpoint of endpoints) {
      // Through every path at least once, so that no batch pays for a first read of a facility.
      const warming = Math.max(PER_BATCH * 2, endpoint.paths?.length ?? 0);
      await batch(old, endpoint, warming);
      await batch(current, endpoint, warming);
    }
    // Every endpoint in every round, so the control shares each round's conditions with the rest.
    const olds = endpoints.map((): number[] => []);
    const news = endpoints.map((): number[] => []);
    for (let round = 0; round < BATCHES; round++) {
      for (const [i, endpoint] of endpoints.entries()) {
        // Alternate which goes first, so a drift during the pair does not favour one.
        if ((round + i) % 2 === 0) {
          olds[i]!.push(await batch(old, endpoint, PER_BATCH));
          news[i]!.push(await batch(current, endpoint, PER_BATCH));
        } else {
          news[i]!.push(await batch(current, endpoint, PER_BATCH));
          olds[i]!.push(await batch(old, endpoint, PER_BATCH));
        }
      }
    }
    const ratios = endpoints.map((_, i) => news[i]!.map((n, round) => n / olds[i]![round]!));
    const rows = endpoints.map((endpoint, i) => ({
      endpoint: endpoint.name,
      [`${revision} CPU µs/req`]: +median(olds[i]!).toFixed(1),
      'this CPU µs/req': +median(news[i]!).toFixed(1),
      'this / then': +median(ratios[i]!).toFixed(3),
      // The round's ratio over the control's in the same round: what is left once the noise both share is taken out.
      'over control': +median(ratios[i]!.map((r, round) => r / ratios[0]![round]!)).toFixed(3),
    }));
    console.table(rows);
  } finally {
    baseline.remove();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);

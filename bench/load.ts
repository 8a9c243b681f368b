/**
 * Load generation for `npm run bench`: 64 connections against one endpoint for a few seconds.
 *
 * wrk (C, Debian package `wrk`) when installed, else autocannon (JavaScript, from npm). wrk needs a
 * fraction of the CPU autocannon needs, and on a two-core machine the load generator shares the
 * server's cores: with autocannon, consecutive runs of the same ratio moved by ±0.2, with wrk by ±0.05.
 * The server and the load generator are also pinned to separate cores (Linux `taskset`), so each
 * figure is the server's own work on its own core, as behind a real load balancer.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONNECTIONS = 64;

export interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Bodies to send in turn instead of `body` (each request a different input: nothing remembered helps). */
  bodies?: readonly unknown[];
  /** Paths (with their query) to request in turn instead of `path`, for GETs whose input is the query. */
  paths?: readonly string[];
  /** Extra request headers (e.g. a browser's Accept-Encoding for pages). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSec: number;
  /** Responses received in all. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** The slowest response of the run (the first ones, while 64 new connections open, are the slowest). */
  maxMs: number;
  non2xx: number;
  errors: number;
}

const hasCommand = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Which generator runs, and which cores the server and the generator get (undefined: not pinned). */
export const loadSetup = (() => {
  const generator: 'wrk' | 'autocannon' = process.env.BENCH_LOAD !== 'autocannon' && hasCommand('sh', ['-c', 'command -v wrk']) ? 'wrk' : 'autocannon';
  const cores = availableParallelism();
  const pin = process.env.BENCH_PIN !== '0' && cores >= 2 && hasCommand('taskset', ['-c', '0', 'true']);
  const half = Math.floor(cores / 2);
  const range = (from: number, to: number) => (from === to ? `${from}` : `${from}-${to}`);
  return {
    generator,
    serverCores: pin ? range(half, cores - 1) : undefined,
    generatorCores: pin ? range(0, half - 1) : undefined,
    generatorThreads: Math.max(1, pin ? half : 1),
  };
})();

/** The command line, pinned to `cores` when pinning is on. */
export function pinned(cores: string | undefined, command: string, args: string[]): [string, string[]] {
  return cores === undefined ? [command, args] : ['taskset', ['-c', cores, command, ...args]];
}

/**
 * Where each target with several bodies (or paths) goes on from: the next run continues the cycle, so
 * a body is sent again only after all the others (an answer cache that holds fewer never helps).
 */
const nextInCycle = new WeakMap<Target, number>();

const bodiesOf = (target: Target): string[] | undefined =>
  target.bodies ? target.bodies.map((b) => JSON.stringify(b)) : target.body !== undefined ? [JSON.stringify(target.body)] : undefined;

/** Load one target for `seconds` at 64 connections. Non-2xx answers are counted, not hidden. */
export async function loadTest(baseUrl: string, target: Target, seconds: number): Promise<LoadResult> {
  return loadSetup.generator === 'wrk' ? wrk(baseUrl, target, seconds) : autocannon(baseUrl, target, seconds);
}

const scriptDir = mkdtempSync(join(tmpdir(), 'rxsafety-bench-'));
let scripts = 0;

/** A Lua long string: no escaping needed as long as the closing bracket does not occur inside. */
const lua = (text: string) => `[==[${text}]==]`;

async function wrk(baseUrl: string, target: Target, seconds: number): Promise<LoadResult> {
  const bodies = bodiesOf(target);
  const headers = { ...(bodies ? { 'content-type': 'application/json' } : {}), ...target.headers };
  const script = join(scriptDir, `target-${++scripts}.lua`);
  writeFileSync(
    script,
    [
      `wrk.method = ${lua(target.method ?? 'GET')}`,
      ...Object.entries(headers).map(([name, value]) => `wrk.headers[ ${lua(name)} ] = ${lua(value)}`),
      ...(bodies
        ? [`local bodies = { ${bodies.map(lua).join(',\n')} }`, `local i = ${nextInCycle.get(target) ?? 0}`, 'request = function()', '  i = i % #bodies + 1', '  return wrk.format(nil, nil, nil, bodies[i])', 'end']
        : []),
      ...(target.paths
        ? [`local paths = { ${target.paths.map(lua).join(',\n')} }`, `local i = ${nextInCycle.get(target) ?? 0}`, 'request = function()', '  i = i % #paths + 1', '  return wrk.format(nil, paths[i])', 'end']
        : []),
    ].join('\n'),
  );
  const [command, args] = pinned(loadSetup.generatorCores, 'wrk', [
    `-t${loadSetup.generatorThreads}`,
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    script,
    `${baseUrl}${target.path}`,
  ]);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const result = parseWrk(output);
  const cycle = bodies?.length ?? target.paths?.length;
  if (cycle) nextInCycle.set(target, ((nextInCycle.get(target) ?? 0) + result.requests) % cycle);
  return result;
}

/** wrk's report: "Requests/sec: 1234.5", "99%  12.34ms", "Non-2xx or 3xx responses: 7", "Socket errors: ...". */
export function parseWrk(output: string): LoadResult {
  const toMs = (value: string, unit: string) => +(Number(value) * { us: 0.001, ms: 1, s: 1000 }[unit as 'us' | 'ms' | 's']).toFixed(2);
  const latencyMs = (percent: number) => {
    const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    if (!match) throw new Error(`no ${percent}% latency in wrk's output:\n${output}`);
    return toMs(match[1]!, match[2]!);
  };
  // "Latency   8.34ms   8.17ms 251.28ms   99.17%": average, standard deviation, maximum.
  const stats = /^\s*Latency\s+[\d.]+(?:us|ms|s)\s+[\d.]+(?:us|ms|s)\s+([\d.]+)(us|ms|s)/m.exec(output);
  if (!stats) throw new Error(`no latency maximum in wrk's output:\n${output}`);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  if (!rate) throw new Error(`no Requests/sec in wrk's output:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSec: Math.round(Number(rate[1])),
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
    p50Ms: latencyMs(50),
    p99Ms: latencyMs(99),
    maxMs: toMs(stats[1]!, stats[2]!),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function autocannon(baseUrl: string, target: Target, seconds: number): Promise<LoadResult> {
  // autocannon ships no type declarations; this is the part of its API the bench uses.
  const run = createRequire(import.meta.url)('autocannon') as Autocannon;
  const bodies = bodiesOf(target);
  let next = nextInCycle.get(target) ?? 0;
  const result = await run({
    url: `${baseUrl}${target.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    method: target.method ?? 'GET',
    headers: { ...(bodies ? { 'content-type': 'application/json' } : {}), ...target.headers },
    ...(bodies && bodies.length === 1 ? { body: bodies[0] } : {}),
    ...(bodies && bodies.length > 1 ? { requests: [{ setupRequest: (request: object) => ({ ...request, body: bodies[next++ % bodies.length] }) }] } : {}),
    ...(target.paths ? { requests: [{ setupRequest: (request: object) => ({ ...request, path: target.paths![next++ % target.paths!.length] }) }] } : {}),
  });
  const cycle = bodies?.length ?? target.paths?.length;
  if (cycle) nextInCycle.set(target, next % cycle);
  return {
    requestsPerSec: Math.round(result.requests.average),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

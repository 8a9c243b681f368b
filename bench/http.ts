/**
 * HTTP load measurement for `npm run bench`: a bench server in its own process (so the load
 * generator never competes with it for the event loop) and autocannon at 64 connections.
 *
 * `node --import tsx bench/http.ts serve` starts the real server with every production feature plus
 * a bench-only feature (GET /bench/bare: the cheapest route this server can answer, the practical
 * limit; GET /bench/rss: memory). Production never mounts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export const CONNECTIONS = 64;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Extra request headers (e.g. a browser's Accept-Encoding for pages). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Load one target for `seconds` at 64 connections. Non-2xx answers are counted, not hidden. */
export async function loadTest(baseUrl: string, target: Target, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}${target.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    method: target.method ?? 'GET',
    headers: { ...(target.body !== undefined ? { 'content-type': 'application/json' } : {}), ...target.headers },
    ...(target.body !== undefined ? { body: JSON.stringify(target.body) } : {}),
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export interface BenchServer {
  url: string;
  startupMs: number;
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `bench/http.ts serve` as a child process and waits for its URL. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite::memory:',
      RXSAFETY_LOG_LEVEL: 'warn',
      // The bench measures the server, not the rate limiter refusing the load generator.
      RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^BENCH_SERVER_URL=(\S+)$/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
  });
  const startupMs = Math.round(performance.now() - started);
  return {
    url,
    startupMs,
    rssBytes: async () => ((await (await fetch(`${url}/bench/rss`)).json()) as { rssBytes: number }).rssBytes,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function serve(): Promise<void> {
  const { startServer } = await import('../src/server.ts');
  const { features } = await import('../src/web/features.ts');
  const { createLogger } = await import('../src/observability/logger.ts');
  const benchOnly = {
    name: 'bench-only',
    register(app: import('../src/web/context.ts').App) {
      app.get('/bench/bare', (c) => c.json({ ok: true }));
      app.get('/bench/rss', (c) => c.json({ rssBytes: process.memoryUsage().rss }));
    },
  };
  const server = await startServer({ features: [...features, benchOnly], logger: createLogger('warn') });
  process.stdout.write(`BENCH_SERVER_URL=${server.url}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'serve') await serve();

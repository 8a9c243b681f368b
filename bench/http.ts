/**
 * The server `npm run bench` measures, in its own process (so the load generator never competes with
 * it for the event loop) and on its own cores when the machine has two or more (bench/load.ts).
 *
 * `node --import tsx bench/http.ts serve` starts the real server with every production feature plus
 * a bench-only feature (GET /bench/bare: the cheapest route this server can answer, the practical
 * limit; POST /bench/bare: the same for a request with a JSON body; GET /bench/work?us=N: the same
 * after N µs of busy work; GET /bench/rss and /bench/cpu: memory and CPU time used).
 * Production never mounts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Feature } from '../src/web/context.ts';
import { loadSetup, pinned } from './load.ts';

export interface BenchServer {
  url: string;
  startupMs: number;
  rssBytes(): Promise<number>;
  /** Microseconds of CPU the server has used so far. */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `bench/http.ts serve` as a child process and waits for its URL. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const started = performance.now();
  const [command, args] = pinned(loadSetup.serverCores, process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'serve']);
  const child: ChildProcess = spawn(command, args, {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite::memory:',
      RXSAFETY_LOG_LEVEL: 'warn',
      // The bench measures the server, not the rate limiter refusing the load generator.
      RATE_LIMIT_PER_MINUTE: '10000000',
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
    cpuUs: async () => ((await (await fetch(`${url}/bench/cpu`)).json()) as { cpuUs: number }).cpuUs,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * The bench-only routes, never mounted in production: also mounted by bench/compare.ts, so its
 * bare-POST control is this route in both apps.
 */
export const benchOnly: Feature = {
  name: 'bench-only',
  register(app) {
    app.get('/bench/bare', (c) => c.json({ ok: true }));
    // The same with a JSON body read through the same middleware: what a POST costs before any work.
    app.post('/bench/bare', async (c) => (await c.req.json(), c.json({ ok: true })));
    // Calibration (BENCH_CALIBRATE=1): the bare answer after ?us= microseconds of busy work, to read
    // what a throughput ratio means in microseconds of work on the machine of the run.
    app.get('/bench/work', (c) => {
      const until = performance.now() + Math.min(Number(c.req.query('us')) || 0, 10_000) / 1000;
      while (performance.now() < until);
      return c.json({ ok: true });
    });
    app.get('/bench/rss', (c) => c.json({ rssBytes: process.memoryUsage().rss }));
    // CPU time the server process has used (all its threads), so a load's cost per request can be read.
    app.get('/bench/cpu', (c) => {
      const { user, system } = process.cpuUsage();
      return c.json({ cpuUs: user + system });
    });
  },
};

async function serve(): Promise<void> {
  const { startServer } = await import('../src/server.ts');
  const { features } = await import('../src/web/features.ts');
  const { createLogger } = await import('../src/observability/logger.ts');
  const server = await startServer({ features: [...features, benchOnly], logger: createLogger('warn') });
  process.stdout.write(`BENCH_SERVER_URL=${server.url}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'serve') await serve();

import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config/config.ts';

/**
 * `npm run start:cluster`: one server process per core behind one port (node:cluster shares the
 * listening socket). Servers are stateless, so any worker can answer any request. A worker that
 * dies is replaced; SIGTERM is passed to every worker, which finishes its in-flight requests.
 */
const RESTART_DELAY_MS = 1000;

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, role: 'primary', ...fields })}\n`);
}

if (cluster.isPrimary) {
  try {
    // Check the configuration once here, so a typo gives one clear message instead of one per worker.
    loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`rxsafety cannot start.\n${error.message}`);
    process.exit(1);
  }
  const workerCount = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());
  let stopping = false;
  cluster.setupPrimary({ exec: new URL('./main.ts', import.meta.url).pathname, execArgv: ['--import', 'tsx'] });
  const fork = () => cluster.fork();

  cluster.on('online', (worker: Worker) => log('info', 'worker started', { pid: worker.process.pid }));
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log('info', 'all workers stopped');
        process.exit(0);
      }
      return;
    }
    log('warn', 'worker died; starting a new one', { pid: worker.process.pid, code, signal });
    // A worker that cannot start (bad content, port taken) would otherwise restart in a tight loop.
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down workers', { signal });
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  log('info', 'starting workers', { workers: workerCount });
  for (let i = 0; i < workerCount; i++) fork();
}

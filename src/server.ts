import { serve, type ServerType } from '@hono/node-server';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { KnowledgeBase } from './knowledge/knowledge-base.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { createApp } from './web/app.tsx';
import type { App, AppDeps, Feature } from './web/context.ts';
import { features as defaultFeatures } from './web/features.ts';

export interface RunningServer {
  app: App;
  deps: AppDeps;
  url: string;
  port: number;
  /** See `startServer`'s close: `drainMs` for a process shutting down behind a proxy. */
  close(options?: { drainMs?: number }): Promise<void>;
}

export interface StartOptions {
  config?: Config;
  logger?: Logger;
  features?: readonly Feature[];
  /** Use an already open database (tests share one); otherwise one is opened from the config. */
  database?: DatabaseHandle;
}

/**
 * The composition root: configuration → content → database → app → HTTP server.
 * Everything a request needs is built here once and passed down; nothing reaches for globals.
 */
export async function buildDeps(options: StartOptions = {}): Promise<AppDeps> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.RXSAFETY_LOG_LEVEL);
  const kb = KnowledgeBase.fromDirectory(config.CONTENT_DIR);
  const database = options.database ?? openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info('database migrated', { applied, database: database.description });
  return { config, kb, database, logger, metrics: new Metrics({ defaultMetrics: !options.logger }) };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const deps = await buildDeps(options);
  const features = options.features ?? defaultFeatures;
  const app = await createApp(deps, features);
  const { config, logger } = deps;

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  server.setTimeout?.(config.REQUEST_TIMEOUT_MS);
  // Keep idle connections longer than clients and load balancers do (nginx 60 s, undici 4 s by hint),
  // so a client never sends a request on a socket the server is closing at that moment (ECONNRESET).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;
  logger.info('rxsafety listening', { url, database: deps.database.description, content: deps.kb.version, drugs: deps.kb.drugs.size });

  let closing: Promise<void> | undefined;
  /**
   * Stops accepting, lets in-flight requests finish, then releases the database and features.
   *
   * With `drainMs`, the keep-alive connections a proxy holds open are not closed at once: for that
   * long, a request arriving on one is still answered, with Connection: close, and only then are the
   * idle ones closed. http.Server.close closes them at once (Node 19 and later), and a request a proxy
   * is sending on one at that moment is lost: nginx gets a reset, retries a GET on another server,
   * but answers a POST with 502 (1 in about 40,000 requests while restarting two servers in
   * test/ops/rolling-restart.test.ts). New connections are refused at once either way, which a
   * proxy safely retries elsewhere, since it has sent nothing.
   */
  const close = ({ drainMs }: { drainMs?: number } = {}) =>
    (closing ??= (async () => {
      if (drainMs) {
        server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
        NetServer.prototype.close.call(server);
        await sleep(drainMs);
      }
      // (After the drain the server no longer listens, and close's callback reports that as an error:
      // what matters is that it comes once the last connection has ended.)
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const feature of features) await feature.close?.();
      if (!options.database) await deps.database.close();
    })());
  return { app, deps, url, port, close };
}

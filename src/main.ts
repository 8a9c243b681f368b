import { ConfigError } from './config/config.ts';
import { ContentError } from './knowledge/content-files.ts';
import { startServer } from './server.ts';

/**
 * How long a shutting-down server still answers on the connections a proxy keeps open (see
 * RunningServer.close): under load a proxy uses each of them within milliseconds.
 */
const SHUTDOWN_DRAIN_MS = 1000;

/** `npm start`: serve the site, and shut down gracefully on SIGTERM/SIGINT. */
try {
  const server = await startServer();
  const stop = async (signal: string) => {
    server.deps.logger.info('shutting down', { signal });
    await server.close({ drainMs: SHUTDOWN_DRAIN_MS });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(`rxsafety cannot start.\n${error.message}`);
    process.exit(1);
  }
  throw error;
}

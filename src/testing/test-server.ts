import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { createLogger } from '../observability/logger.ts';
import type { FieldError } from '../errors/catalogue.ts';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../errors/problem.ts';
import { startServer, type RunningServer } from '../server.ts';

export interface TestServer extends RunningServer {
  /** Every log line the server wrote, for assertions (e.g. that no health data was logged). */
  logLines: string[];
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, init?: RequestInit): Promise<Response>;
}

/**
 * A real server on an ephemeral port with the real content, an in-memory SQLite database (unless a
 * database is given) and a logger that records lines instead of printing them.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; database?: DatabaseHandle; config?: Partial<Record<keyof Config, unknown>> } = {},
): Promise<TestServer> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ...options.env }, { PORT: 0, HOST: '127.0.0.1', ...options.config });
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const database = options.database ?? openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const server = await startServer({ config, logger, database });
  const close = async () => {
    await server.close();
    if (!options.database) await database.close();
  };
  return {
    ...server,
    close,
    logLines,
    get: (path, init) => fetch(`${server.url}${path}`, init),
    post: (path, body, init) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        ...init,
        headers: { 'content-type': 'application/json', ...(init?.headers as Record<string, string> | undefined) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** The problem document of an error answer, after asserting it is served as one. */
export async function problemOf(response: Response): Promise<Problem & { errors?: FieldError[] }> {
  assert.ok(response.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE), `served as ${response.headers.get('content-type')}`);
  return (await response.json()) as Problem & { errors?: FieldError[] };
}

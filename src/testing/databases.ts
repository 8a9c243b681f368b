import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** PostgreSQL for tests: the development machines and CI run one here (trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresUp: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  return (postgresUp ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })());
}

export interface TestDatabase extends DatabaseHandle {
  /** Where it is, for a server started in another process (`sqlite::memory:` reaches no other process). */
  url: string;
  /** Drops what the test created (the PostgreSQL database); closes the connection. */
  dispose(): Promise<void>;
}

/** A fresh, migrated in-memory SQLite database. */
export async function openTestSqlite(): Promise<TestDatabase> {
  const handle = openDatabase({ databaseUrl: 'sqlite::memory:', dataDir: '.' });
  await migrateToLatest(handle.db);
  return { ...handle, url: 'sqlite::memory:', dispose: () => handle.close() };
}

/**
 * A fresh, migrated PostgreSQL database of its own, so test files running in parallel never share
 * tables. (A schema each was not enough: Kysely's migrator lists the tables of every schema, and
 * another file dropping its schema at that moment made the listing fail.) Returns undefined, and
 * skips the test with the reason, when PostgreSQL is not running, except under CI=true, where that fails.
 */
export async function openTestPostgres(t: TestContext): Promise<TestDatabase | undefined> {
  if (!(await postgresAvailable())) {
    const reason = `PostgreSQL not reachable at ${TEST_POSTGRES_URL}: the PostgreSQL half of this suite was skipped (start PostgreSQL, or set TEST_DATABASE_URL, and run npm test again)`;
    if (process.env.CI === 'true') throw new Error(`required under CI but missing: ${reason}`);
    t.skip(reason);
    return undefined;
  }
  // A generated name (hex only) in DDL, which cannot take parameters.
  const name = `rxsafety_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), dataDir: '.' });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await dropWhenClosed(name);
    },
  };
}

/**
 * The pool's end() resolves before its sockets have closed; dropping WITH (FORCE) at once killed those
 * closing connections, and the pg client reported the kill as an uncaught error in whichever test ran
 * next. So wait (briefly) for the database's sessions to go, and force only what is left after that.
 */
async function dropWhenClosed(name: string): Promise<void> {
  await withAdmin(async (admin) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await admin.query<{ sessions: number }>('select count(*)::int as sessions from pg_stat_activity where datname = $1', [name]);
      if (rows[0]!.sessions === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
  });
}

/** One connection to the `test` database for statements about other databases, closed afterwards. */
async function withAdmin(work: (admin: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Runs the same assertions against both backends: `for (const backend of backends) test(...)`.
 */
export const backends = [
  { name: 'sqlite', open: (_t: TestContext) => openTestSqlite() },
  { name: 'postgres', open: (t: TestContext) => openTestPostgres(t) },
] as const;

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestContext } from 'node:test';

/** ../shared beside the project (present on developer machines and in CI), or undefined. */
export function sharedDir(): string | undefined {
  const dir = resolve(process.cwd(), '..', 'shared');
  return existsSync(dir) ? dir : undefined;
}

/**
 * Skips a test whose system dependency is missing, with a one-line reason, except under CI=true,
 * where a missing dependency fails the run: CI installs or starts everything.
 */
export function skipUnlessAvailable(t: TestContext, available: boolean, reason: string): boolean {
  if (available) return false;
  if (process.env.CI === 'true') throw new Error(`required under CI but missing: ${reason}`);
  t.skip(reason);
  return true;
}

/** Path to a file under ../shared, or undefined (callers skip with a clear message). */
export function sharedFile(relativePath: string): string | undefined {
  const dir = sharedDir();
  if (!dir) return undefined;
  const file = resolve(dir, relativePath);
  return existsSync(file) ? file : undefined;
}

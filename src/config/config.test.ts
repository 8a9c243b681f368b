import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  test('defaults give a working single-machine server', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.CONTENT_DIR, 'content');
    assert.equal(config.GUARD_MODE, 'block');
    assert.ok(Object.isFrozen(config));
  });

  test('every bad value is named in one error', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', GUARD_MODE: 'loud', ADMIN_TOKEN: 'short' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const joined = error.problems.join('\n');
        for (const key of ['PORT', 'DATABASE_URL', 'GUARD_MODE', 'ADMIN_TOKEN']) assert.match(joined, new RegExp(`^${key}:`, 'm'));
        return true;
      },
    );
  });

  test('empty variables count as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT, 3000);
  });
});

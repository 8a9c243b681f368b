import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, maskEmail } from './logger.ts';

const capture = (level: Parameters<typeof createLogger>[0]) => {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)) };
};

describe('logger', () => {
  it('writes one JSON object a line with time, level and message, from its level up', () => {
    const { lines, logger } = capture('warn');
    logger.debug('not this');
    logger.info('nor this');
    logger.warn('slow start', { ms: 12 });
    logger.error('failed');
    assert.deepEqual(
      lines.map(({ level, msg, ms }) => ({ level, msg, ms })),
      [
        { level: 'warn', msg: 'slow start', ms: 12 },
        { level: 'error', msg: 'failed', ms: undefined },
      ],
    );
    for (const line of lines) assert.ok(!Number.isNaN(Date.parse(line.time as string)), 'time is an ISO date');
  });

  it('a child carries its fields on every line and leaves its parent as it was', () => {
    const { lines, logger } = capture('info');
    const app = logger.child({ service: 'rxsafety' });
    const request = app.child({ requestId: 'abc12345' });
    request.info('request', { status: 200 });
    app.info('listening');
    assert.equal(lines[0]!.service, 'rxsafety');
    assert.equal(lines[0]!.requestId, 'abc12345');
    assert.equal(lines[0]!.status, 200);
    assert.equal(lines[1]!.service, 'rxsafety');
    assert.equal(lines[1]!.requestId, undefined, "a child's fields reached its parent");
  });

  it('writes errors with their name, message and stack; silent writes nothing', () => {
    const { lines, logger } = capture('debug');
    logger.error('boom', { error: new TypeError('bad value') });
    const error = lines[0]!.error as Record<string, string>;
    assert.equal(error.name, 'TypeError');
    assert.equal(error.message, 'bad value');
    assert.match(error.stack!, /TypeError: bad value/);
    const quiet = capture('silent');
    quiet.logger.error('never');
    quiet.logger.child({ a: 1 }).error('never');
    assert.equal(quiet.lines.length, 0);
  });

  it('masks email addresses to their first two characters and domain', () => {
    assert.equal(maskEmail('someone@example.org'), 'so…@example.org');
    assert.equal(maskEmail('a@example.org'), 'a…@example.org');
    assert.equal(maskEmail('no-at-sign'), '…');
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './context.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * Gives every request an id (echoed as X-Request-Id), a CSP nonce and a logger carrying the id,
 * and logs one line per request: method, route, status, time. Never the body or the query string
 * (the query of a screening or sign-up could hold health data or an email address).
 */
export function requestContext(logger: Logger): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('nonce', randomBytes(16).toString('base64'));
    const log = logger.child({ requestId });
    c.set('logger', log);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './context.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { routePath } from 'hono/route';
import { resolveClientAddress } from './client-address.ts';

/**
 * Gives every request an id (echoed as X-Request-Id) and a logger carrying the id,
 * and logs one line per request: method, route pattern, status, time. Never the path, query or
 * body: they say what a person looked up, and may hold health data or an email address.
 */
export function requestContext(logger: Logger, metrics: Metrics, trustedProxies: ReadonlySet<string>): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    c.set('clientAddress', resolveClientAddress(c, trustedProxies));
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const log = logger.child({ requestId });
    c.set('logger', log);
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The matched route pattern (e.g. /drugs/:idOrName), not the raw path: bounded label values.
    const route = routePath(c);
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    log.info('request', {
      method: c.req.method,
      route,
      status: c.res.status,
      durationMs: Math.round(seconds * 10_000) / 10,
    });
  };
}

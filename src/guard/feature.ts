import { Redis } from 'ioredis';
import type { App, Feature } from '../web/context.ts';
import { KnownInputs, type OpenApiDocument } from './known-inputs.ts';
import { blockResponse, requestGuard } from './middleware.tsx';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './rate-limit.ts';
import { defaultLimits, parseExceptions } from './settings.ts';

/**
 * One Redis connection per URL, shared by every app in the process. Feature.close() cannot say which
 * server is closing, so connections close only when the last registered app has closed: closing one
 * test server never cuts another server's rate limit off. Memory stores are per app and need no closing.
 */
const sharedRedis = new Map<string, Redis>();
let openApps = 0;

function redisFor(url: string): Redis {
  let redis = sharedRedis.get(url);
  if (!redis) {
    redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    sharedRedis.set(url, redis);
  }
  return redis;
}

/** Built on the first request: by then every feature has registered its routes. */
function lazyKnownInputs(app: App): () => KnownInputs {
  let known: KnownInputs | undefined;
  return () => {
    known ??= KnownInputs.fromRoutes(app.routes, app.getOpenAPIDocument({ openapi: '3.0.0', info: { title: 'rxsafety', version: '1' } }) as unknown as OpenApiDocument);
    return known;
  };
}

/**
 * The request guard, mounted before every route (see src/web/features.ts). Rate limits are shared
 * through Redis when REDIS_URL is set, so several servers enforce one limit.
 */
export const guardFeature: Feature = {
  name: 'guard',
  register(app, deps) {
    const { config } = deps;
    // Parsed before anything is opened: a bad setting stops start-up without leaving a connection behind.
    const exceptions = parseExceptions(config.GUARD_EXCEPTIONS);
    openApps++;
    const store: RateLimitStore = config.REDIS_URL ? new RedisRateLimitStore(redisFor(config.REDIS_URL)) : new MemoryRateLimitStore();
    app.use(
      '*',
      requestGuard({
        mode: config.GUARD_MODE,
        threshold: config.GUARD_THRESHOLD,
        exceptions,
        limits: defaultLimits,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        store,
        metrics: deps.metrics,
        crisisLines: deps.kb.content.crisisLines,
        knownInputs: lazyKnownInputs(app),
      }),
    );
    // What a reverse proxy in front shows for a request it refused (deploy/nginx-rxsafety.conf sends
    // its 403s here), so a person its WAF stops still sees the help lines, and a reference that is the
    // proxy's request id (sent as X-Request-Id), also on the proxy's access log line. Counted in
    // /metrics as requests to the route /blocked.
    app.get('/blocked', (c) => blockResponse(c, c.get('requestId'), deps.kb.content.crisisLines));
  },
  async close() {
    if (--openApps > 0) return;
    openApps = 0;
    const closing = [...sharedRedis.values()];
    sharedRedis.clear();
    await Promise.all(closing.map((redis) => redis.quit().then(() => undefined, () => redis.disconnect())));
  },
};

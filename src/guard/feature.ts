import { Redis } from 'ioredis';
import type { Feature } from '../web/context.ts';
import { requestGuard } from './middleware.tsx';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './rate-limit.ts';
import { defaultLimits, parseExceptions } from './settings.ts';

let stores: RateLimitStore[] = [];

/**
 * The request guard, mounted before every route (see src/web/features.ts). Rate limits are shared
 * through Redis when REDIS_URL is set, so several servers enforce one limit.
 */
export const guardFeature: Feature = {
  name: 'guard',
  register(app, deps) {
    const { config } = deps;
    const store: RateLimitStore = config.REDIS_URL
      ? new RedisRateLimitStore(new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }))
      : new MemoryRateLimitStore();
    stores.push(store);
    app.use(
      '*',
      requestGuard({
        mode: config.GUARD_MODE,
        threshold: config.GUARD_THRESHOLD,
        exceptions: parseExceptions(config.GUARD_EXCEPTIONS),
        limits: defaultLimits,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        store,
        metrics: deps.metrics,
        crisisLines: deps.kb.content.crisisLines,
      }),
    );
  },
  async close() {
    const closing = stores;
    stores = [];
    await Promise.all(closing.map((store) => store.close?.()));
  },
};

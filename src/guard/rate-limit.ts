import type { Redis } from 'ioredis';

/** How many hits a client made in the current window, and when it resets. */
export interface WindowCount {
  count: number;
  resetInMs: number;
}

/** A shared counter per key and fixed window. Memory for one server, Redis for several. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  close?(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  /** Drops expired windows now and then, so a flood of addresses cannot grow memory without bound. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 10_000) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'rxsafety:ratelimit:',
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const redisKey = `${this.prefix}${key}`;
    // INCR and set the expiry only when the window starts (NX), atomically in one round trip.
    const results = await this.redis.multi().incr(redisKey).pexpire(redisKey, windowMs, 'NX').pttl(redisKey).exec();
    const count = Number(results?.[0]?.[1] ?? 1);
    const ttl = Number(results?.[2]?.[1] ?? windowMs);
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Which requests are limited, and in which bucket: anything that writes, and the searches that cost
 * the most (full-text and geographic). Pages and reads of a single record are not limited.
 */
export function rateLimitBucket(method: string, path: string): 'write' | 'search' | undefined {
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return 'write';
  if (/^\/(?:api\/v1\/)?search\b|\/facilities\b|^\/treatment\/?(?:search)?$|\/interactions\/check\b/.test(path)) return 'search';
  return undefined;
}

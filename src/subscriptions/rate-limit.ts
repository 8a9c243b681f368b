/**
 * A sliding-window counter kept in memory: enough to stop one process sending a flood of
 * confirmation emails. (The shared, Redis-backed limiter for every route lives in src/guard/.)
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may act again, or 0 when it may act now. Does not record anything. */
  retryAfterMs(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - nowMs;
  }

  record(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.hits.set(key, recent);
  }

  private recent(key: string, nowMs: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (kept.length === 0) this.hits.delete(key);
    return kept;
  }
}

import type { Context } from 'hono';

const encoder = new TextEncoder();
// Keys can be long (50 drug names, a CDS case), so what the doorkeeper holds is bounded in characters.
const SEEN_ONCE_MAX_CHARS = 2_000_000;

/**
 * JSON answers that depend only on the content (fixed while the server runs) and on the request's
 * validated input, serialised once and then served as bytes. An interaction check of ten drugs
 * answers with ~26 kB of advice; building and serialising it again for every identical request
 * cost more than the rest of the request, and the same lists recur (baclofen with alcohol above all).
 *
 * Bounded by the bytes it holds; the least recently used answer goes first; an answer is kept from
 * the second time its key is asked for. Per process: a second
 * server builds its own copy from the same content, so no server ever needs another's cache.
 */
export class AnswerCache {
  readonly #answers = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly #maxBytes: number;
  #bytes = 0;
  /**
   * Keys asked for once: an answer is kept only when its key comes a second time. Kept on first sight,
   * every request with new input (most CDS Hooks calls) pushed an answer into the cache and an older
   * one out, so answers that would have died young lived long enough to burden the old generation.
   * Measured (npm run bench, new input each request): p99 0.5–0.6 s and 500–590 µs CPU a request
   * before, 0.18–0.27 s and 430–450 µs after.
   */
  readonly #seenOnce = new Set<string>();
  #seenOnceChars = 0;

  constructor(options: { maxBytes: number }) {
    this.#maxBytes = options.maxBytes;
  }

  /**
   * The answer for `key` as a 200 application/json response; `compute` runs only on a miss. What it
   * throws (a validation error, say) reaches the caller and nothing is remembered. `serialise` is
   * JSON.stringify unless the answer has a faster way to its own text.
   */
  json<T>(c: Context, key: string, compute: () => T, serialise: (answer: T) => string = JSON.stringify): Response {
    return c.body(this.bytes(key, compute, serialise), 200, { 'content-type': 'application/json' });
  }

  /** The serialised answer for `key`, computed and remembered on a miss. */
  bytes<T>(key: string, compute: () => T, serialise: (answer: T) => string = JSON.stringify): Uint8Array<ArrayBuffer> {
    const hit = this.#answers.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.#answers.delete(key);
      this.#answers.set(key, hit);
      return hit;
    }
    const answer = encoder.encode(serialise(compute()));
    const cost = answer.byteLength + key.length;
    if (cost > this.#maxBytes) return answer;
    if (this.#seenOnce.delete(key)) {
      this.#seenOnceChars -= key.length;
    } else {
      if (this.#seenOnceChars + key.length > SEEN_ONCE_MAX_CHARS) {
        this.#seenOnce.clear();
        this.#seenOnceChars = 0;
      }
      this.#seenOnce.add(key);
      this.#seenOnceChars += key.length;
      return answer;
    }
    while (this.#bytes + cost > this.#maxBytes) this.#evictOldest();
    this.#answers.set(key, answer);
    this.#bytes += cost;
    return answer;
  }

  get size(): { answers: number; bytes: number; seenOnceChars: number } {
    return { answers: this.#answers.size, bytes: this.#bytes, seenOnceChars: this.#seenOnceChars };
  }

  #evictOldest(): void {
    const [oldestKey, oldest] = this.#answers.entries().next().value!;
    this.#answers.delete(oldestKey);
    this.#bytes -= oldest.byteLength + oldestKey.length;
  }
}

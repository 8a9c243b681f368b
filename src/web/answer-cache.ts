import type { Context } from 'hono';
import { GhostList } from './ghost-list.ts';

const encoder = new TextEncoder();

/**
 * JSON answers that depend only on the content (fixed while the server runs) and on the request's
 * validated input, serialised once and then served as bytes. An interaction check of ten drugs
 * answers with ~26 kB of advice; building and serialising it again for every identical request
 * cost more than the rest of the request, and the same lists recur (baclofen with alcohol above all).
 *
 * Bounded by the bytes it holds; the least recently used answer goes first; an answer is kept when its
 * key is asked for a second time soon enough to be served from the cache before it would be evicted
 * (see #seenOnce). Per process: a second server builds its own copy from the same content, so no
 * server ever needs another's cache.
 */
export class AnswerCache {
  readonly #answers = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly #maxBytes: number;
  #bytes = 0;
  /**
   * Keys asked for once, with the size of their answers: a ghost list, as in the 2Q cache. An answer
   * is kept only when its key comes back while still listed, and the list forgets its oldest keys
   * once their answers would fill the cache. So a key is kept only if it came back within the
   * traffic the cache can hold: one that comes back later would be evicted before its next use.
   *
   * Kept on first sight, every request with new input (most CDS Hooks calls) pushed an answer into
   * the cache and an older one out, so answers that would have died young lived long enough to burden
   * the old generation. Kept on any second sight (a list bounded only by characters), a cycle of
   * inputs longer than the cache holds still churned it. Measured with npm run bench, 10-drug checks
   * with a new list each request (5,000 lists in a cycle): server CPU 124 µs a request and p99 52 ms
   * with that list, against 98 µs and 12.5 ms with no answer kept at all, which this list gives there.
   */
  readonly #seenOnce: GhostList;

  constructor(options: { maxBytes: number }) {
    this.#maxBytes = options.maxBytes;
    this.#seenOnce = new GhostList(options.maxBytes);
  }

  /**
   * The answer for `key` as a 200 application/json response; `compute` runs only on a miss. What it
   * throws (a validation error, say) reaches the caller and nothing is remembered. `serialise` is
   * JSON.stringify unless the answer has a faster way to its own text.
   */
  json<T>(c: Context, key: string, compute: () => T, serialise: (answer: T) => string = JSON.stringify): Response {
    return c.body(this.body(key, compute, serialise), 200, { 'content-type': 'application/json' });
  }

  /**
   * The serialised answer for `key`: bytes when it is kept, else the text as it was written (encoding a
   * 26 kB answer to bytes only to send it once cost a tenth of such a request; the socket encodes text
   * as it writes).
   */
  body<T>(key: string, compute: () => T, serialise: (answer: T) => string = JSON.stringify): Uint8Array<ArrayBuffer> | string {
    const hit = this.#answers.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.#answers.delete(key);
      this.#answers.set(key, hit);
      return hit;
    }
    const text = serialise(compute());
    // UTF-8 takes at least one byte a character: the text's length is a floor on the answer's size.
    const cost = text.length + key.length;
    if (cost > this.#maxBytes) return text;
    if (!this.#seenOnce.takeOrList(key, cost)) return text;
    const answer = encoder.encode(text);
    const kept = answer.byteLength + key.length;
    if (kept > this.#maxBytes) return answer;
    while (this.#bytes + kept > this.#maxBytes) this.#evictOldest();
    this.#answers.set(key, answer);
    this.#bytes += kept;
    return answer;
  }

  get size(): { answers: number; bytes: number; seenOnceBytes: number } {
    return { answers: this.#answers.size, bytes: this.#bytes, seenOnceBytes: this.#seenOnce.bytes };
  }

  #evictOldest(): void {
    const [oldestKey, oldest] = this.#answers.entries().next().value!;
    this.#answers.delete(oldestKey);
    this.#bytes -= oldest.byteLength + oldestKey.length;
  }
}

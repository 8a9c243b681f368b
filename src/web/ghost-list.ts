/**
 * Keys seen once, oldest first, each with a cost; the oldest are forgotten once the costs listed pass
 * `maxBytes`. The ghost list of a 2Q cache (see AnswerCache): it holds what would be needed to decide
 * whether a key came back soon enough, never the answers themselves.
 *
 * Held as 30-bit fingerprints in a queue of small integers, with a Map from fingerprint to place in
 * the queue, so listing and forgetting allocate nothing per key. (A Map alone, forgetting through
 * `entries().next()`, walked past every deleted entry at the front of the Map's table first: 3.5 µs
 * per request at 4,000 keys.) Two keys with the same fingerprint (some 4 in a million lookups at
 * 4,000 keys listed) only let a key be taken for the other; a cache looks its answers up by the key.
 */
export class GhostList {
  readonly #maxBytes: number;
  /** Fingerprint → its place in the queue (counted from the first key ever listed). */
  readonly #places = new Map<number, number>();
  /** The queue: fingerprints and costs, a taken key's slot marked with TAKEN. */
  #prints: number[] = [];
  #costs: number[] = [];
  #head = 0;
  /** How many slots compaction has dropped from the front: place − dropped = index. */
  #dropped = 0;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The total cost of the keys listed. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True if `key` was listed (and is now taken off the list); false after listing it with `cost`. */
  takeOrList(key: string, cost: number): boolean {
    const print = fingerprint(key);
    const place = this.#places.get(print);
    if (place !== undefined) {
      const index = place - this.#dropped;
      this.#places.delete(print);
      this.#bytes -= this.#costs[index]!;
      this.#prints[index] = TAKEN;
      this.#costs[index] = 0;
      return true;
    }
    this.#places.set(print, this.#dropped + this.#prints.length);
    this.#prints.push(print);
    this.#costs.push(cost);
    this.#bytes += cost;
    while (this.#bytes > this.#maxBytes) this.#forgetOldest();
    return false;
  }

  /** Forgets the oldest slot: a taken one costs nothing, so forgetting it changes nothing listed. */
  #forgetOldest(): void {
    const print = this.#prints[this.#head]!;
    if (print !== TAKEN) this.#places.delete(print);
    this.#bytes -= this.#costs[this.#head]!;
    this.#head++;
    // Drop the forgotten front now and then, so the queue stays about as long as what it lists.
    if (this.#head > 1024 && this.#head * 2 > this.#prints.length) {
      this.#prints = this.#prints.slice(this.#head);
      this.#costs = this.#costs.slice(this.#head);
      this.#dropped += this.#head;
      this.#head = 0;
    }
  }
}

/** Marks a taken slot: no fingerprint is negative. */
const TAKEN = -1;

/**
 * FNV-1a over the key's UTF-16 code units, cut to 30 bits so that V8 keeps it as a small integer
 * (unboxed in arrays, and a Map key that allocates nothing).
 */
export function fingerprint(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

import type { HonoRequest } from 'hono';

/**
 * Parses a JSON body for the guard and hands the same value to the route's first `c.req.json()`
 * (Hono's own would parse the text again: about 4.5 µs for a 1 kB CDS Hooks body). Returns undefined
 * for a body that is not JSON or does not parse, and then leaves `json()` alone, so the route answers
 * malformed JSON as it always has.
 *
 * Handed over once, then dropped: while the parsed value stayed reachable from the request, it
 * outlived the request and scavenges cost twice as much (`--trace-gc` under CDS Hooks load: 572 ms
 * over 8 s, against 272 ms parsing twice and 292 ms handing over once). A later call parses afresh.
 */
export interface JsonHandOver {
  value: unknown;
  /**
   * Drops the hand-over once the route has run (or was never reached): the request object can outlive
   * the request, and with it the parse. When a route refused a request before reading its body (a CDS
   * Hooks call without a valid token), each parse survived into the old generation: 300–360 kB
   * promoted per scavenge under that load, 0 with the hand-over dropped. The override itself stays:
   * deleting it turned the request object into a dictionary and promoted more than before.
   */
  release(): void;
}

export function parseJsonOnce(request: HonoRequest, contentType: string, text: string): JsonHandOver | undefined {
  if (!/json/i.test(contentType)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let handOver: { value: unknown } | undefined = { value };
  request.json = (() => {
    const taken = handOver;
    handOver = undefined;
    return Promise.resolve(taken ? taken.value : JSON.parse(text));
  }) as HonoRequest['json'];
  return {
    value,
    // A method, not an arrow property: under tsx (esbuild's keepNames) an arrow property is named by a
    // defineProperty on every request. The CPU profile showed it; bench:compare cannot see so little.
    release() {
      handOver = undefined;
    },
  };
}

import { clientAddress } from '../web/client-address.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors/catalogue.ts';
import type { CrisisLine } from '../knowledge/schema.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { HonoEnv } from '../web/context.ts';
import { problemResponse, wantsProblemJson } from '../web/problem-response.ts';
import { BlockPage, RateLimitedPage } from './block-page.tsx';
import { inspectRequest, splitPairs, type RequestSnapshot } from './inspect.ts';
import { parseJsonOnce, type JsonHandOver } from './parse-json-once.ts';
import type { KnownInputs } from './known-inputs.ts';
import type { RateLimitStore } from './rate-limit.ts';
import { rateLimitBucket } from './rate-limit.ts';
import { bodyLimitFor, exceptionFor, type GuardMode, type RequestLimits, type RouteException } from './settings.ts';

export interface GuardOptions {
  mode: GuardMode;
  threshold: number;
  exceptions: readonly RouteException[];
  limits: RequestLimits;
  rateLimitPerMinute: number;
  store: RateLimitStore;
  metrics: Metrics;
  crisisLines: readonly CrisisLine[];
  /** The app's routes and the inputs each reads (built on first use, once every feature has registered). */
  knownInputs?: () => KnownInputs;
}

const methodsWithBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);


/**
 * Runs before every route: request limits, then inspection and scoring, then the rate limit.
 * A block is logged with its reference id (the request id), rule ids and score; never the input.
 */
export function requestGuard(options: GuardOptions): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const path = c.req.path;
    const exception = exceptionFor(path, options.exceptions);
    const raw = c.req.raw;
    const url = new URL(raw.url);
    const query = url.search.slice(1);

    checkLimits(c, query, options.limits);
    let bodyText: string | undefined;
    let bodyJson: JsonHandOver | undefined;
    // Whether there is a body is read from the headers: touching raw.body would make the Node adapter
    // build a web stream for it, several times slower than its direct read used by c.req.text().
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    // Whatever ends the request (a refused body, a block, the route), the JSON hand-over is dropped.
    try {
      if (methodsWithBody.has(c.req.method) && hasBody) {
        // An exempt route (the authenticated bulk import) only has its declared size checked: no copy here.
        const declared = Number(c.req.header('content-length') ?? 0);
        const limit = bodyLimitFor(path, options.limits);
        if (declared > limit) throw new AppError('payload-too-large', `This endpoint accepts bodies up to ${Math.floor(limit / 1024)} KB.`);
        if (!exception?.skipAll) {
          // Read through Hono's body cache, not a clone of the request: the route's own c.req.json(),
          // text() or parseBody() then reuse this text instead of teeing the stream (a clone cost more
          // than the rest of the request).
          bodyText = await c.req.text();
          if (Buffer.byteLength(bodyText) > limit) throw new AppError('payload-too-large', `This endpoint accepts bodies up to ${Math.floor(limit / 1024)} KB.`);
          const contentType = c.req.header('content-type') ?? '';
          bodyJson = parseJsonOnce(c.req, contentType, bodyText);
          checkBodyShape(contentType, bodyText, bodyJson, options.limits);
        }
      }

      if (options.mode !== 'off' && !exception?.skipAll) {
        const headers: Record<string, string> = {};
        raw.headers.forEach((value, name) => (headers[name] = value));
        const snapshot: RequestSnapshot = {
          method: c.req.method,
          path: rawPath(raw.url),
          query,
          headers,
          body: bodyText === undefined ? undefined : { contentType: headers['content-type'] ?? '', text: bodyText, json: bodyJson },
        };
        const known = options.knownInputs?.();
        const verdict = inspectRequest(snapshot, {
          ignore: exception?.ignore,
          expect: known?.expectationFor(c.req.method, path),
          expectFor: known ? (method: string, p: string) => known.expectationFor(method, p) : undefined,
        });
        if (verdict.score >= options.threshold) {
          const referenceId = c.get('requestId');
          c.get('logger').warn('guard block', {
            referenceId,
            mode: options.mode,
            method: c.req.method,
            score: verdict.score,
            threshold: options.threshold,
            rules: verdict.findings.map((f) => f.rule),
            categories: verdict.categories,
          });
          for (const finding of verdict.findings) options.metrics.guardBlocks.inc({ rule: finding.rule, mode: options.mode });
          if (options.mode === 'block') return blockResponse(c, referenceId, options.crisisLines);
        }
      }

      const bucket = rateLimitBucket(c.req.method, path);
      if (bucket) {
        const { count, resetInMs } = await options.store.hit(`${bucket}:${clientAddress(c)}`, 60_000);
        if (count > options.rateLimitPerMinute) {
          const retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
          const error = new AppError('rate-limited', `Too many requests from your address. Wait ${retryAfterSeconds} seconds and try again.`, {
            retryAfterSeconds,
          });
          const response = wantsProblemJson(c)
            ? problemResponse(c, error)
            : await c.html(<RateLimitedPage retryAfterSeconds={retryAfterSeconds} crisisLines={options.crisisLines} />, 429);
          response.headers.set('Retry-After', String(retryAfterSeconds));
          return response;
        }
      }
      await next();
    } finally {
      bodyJson?.release();
    }
  };
}

function rawPath(url: string): string {
  const afterHost = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const end = afterHost.search(/[?#]/);
  return end < 0 ? afterHost : afterHost.slice(0, end);
}

function checkLimits(c: Context<HonoEnv>, query: string, limits: RequestLimits): void {
  let headerBytes = 0;
  c.req.raw.headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  if (headerBytes > limits.maxHeaderBytes) throw new AppError('bad-request', 'The request headers are too large.');
  const pairs = splitPairs(query, '&');
  if (pairs.length > limits.maxParameters) throw new AppError('bad-request', `Too many query parameters (at most ${limits.maxParameters}).`);
  for (const [, value] of pairs) {
    if (value.length > limits.maxQueryValueChars) throw new AppError('bad-request', `A query parameter is longer than ${limits.maxQueryValueChars} characters.`);
  }
}

/** `json` is the parsed body when it is JSON that parsed; a JSON body that did not is scanned as text. */
function checkBodyShape(contentType: string, text: string, json: JsonHandOver | undefined, limits: RequestLimits): void {
  if (/x-www-form-urlencoded/i.test(contentType) && splitPairs(text, '&').length > limits.maxParameters) {
    throw new AppError('bad-request', `Too many form fields (at most ${limits.maxParameters}).`);
  }
  if (json ? deeperThan(json.value, limits.maxJsonDepth) : /json/i.test(contentType) && nestingDepth(text) > limits.maxJsonDepth) {
    throw new AppError('bad-request', `The JSON body is nested deeper than ${limits.maxJsonDepth} levels.`);
  }
}

/**
 * Whether a parsed JSON value nests deeper than `limit` (an object or array is one level more than its
 * deepest member), checked before anything recursive (inspection, zod) walks it. V8's JSON.parse
 * does not recurse, so parsing first is safe, and walking the parsed value stops at the limit. It
 * replaced a scan of every character of the text: 6–20 µs for a 1 kB CDS Hooks body, in-process.
 */
export function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (deeperThan(value[i], limit - 1)) return true;
  } else {
    for (const key in value) if (deeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}

/**
 * Bracket depth outside strings, for a JSON body that does not parse: it is refused either way, and an
 * absurdly deep one is told why.
 */
export function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) deepest = Math.max(deepest, ++depth);
    else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

/** The block page (or a problem+json for API clients), 403, with the reference a person can quote. */
export function blockResponse(c: Context<HonoEnv>, referenceId: string, crisisLines: readonly CrisisLine[]): Response | Promise<Response> {
  const time = new Date().toISOString();
  const address = clientAddress(c);
  c.header('Cache-Control', 'no-store');
  if (wantsProblemJson(c)) {
    const response = problemResponse(
      c,
      new AppError('request-blocked', 'The request looked like an attack and was blocked. If this is a mistake, quote the reference id.', {
        referenceId,
        time,
        clientAddress: address,
      }),
    );
    response.headers.set('Cache-Control', 'no-store');
    return response;
  }
  return c.html(<BlockPage referenceId={referenceId} time={time} clientAddress={address} crisisLines={crisisLines} />, 403);
}

import type { Context } from 'hono';
import { toProblem, PROBLEM_CONTENT_TYPE } from '../errors/problem.ts';

/** Sends any error as RFC 9457 problem+json. Unknown errors are logged, never shown. */
export function problemResponse(c: Context, error: unknown): Response {
  const problem = toProblem(error, c.req.path);
  // Through the context, so the headers middleware set (request id, security headers) are kept.
  return c.body(JSON.stringify(problem), problem.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/** API and machine routes answer problem+json; pages answer HTML. */
export function wantsProblemJson(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path.startsWith('/cds-services') || path.startsWith('/fhir/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

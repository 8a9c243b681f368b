import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFile } from '../../src/testing/environment.ts';

/**
 * What people type on a health site and must never be refused for: the shared list
 * (../shared/data/security/legitimate-inputs.txt, when present) and rxsafety's own (health-inputs.txt).
 */
export function typedInputs(): { inputs: string[]; sharedListPresent: boolean } {
  const own = readFileSync(join(import.meta.dirname, 'health-inputs.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const shared = sharedFile('data/security/legitimate-inputs.txt');
  return { inputs: [...(shared ? readFileSync(shared, 'utf8').split('\n').filter(Boolean) : []), ...own], sharedListPresent: shared !== undefined };
}

export interface TypedRequest {
  method: 'GET' | 'POST';
  path: string;
  /** A JSON body. */
  body?: unknown;
  /** A form body (application/x-www-form-urlencoded). */
  form?: string;
}

/**
 * Every way a person's text reaches the server, in the fields the real routes read (the guard judges
 * inputs no route reads more strictly, so a test must send text where a person can type it).
 */
export function requestsFor(text: string): TypedRequest[] {
  const q = encodeURIComponent(text);
  return [
    { method: 'GET', path: `/search?q=${q}` },
    { method: 'GET', path: `/api/v1/search?q=${q}` },
    { method: 'GET', path: `/interactions?drugs=${q}` },
    { method: 'GET', path: `/api/v1/interactions?drugs=${q}` },
    { method: 'POST', path: '/api/v1/interactions/check', body: { drugs: ['baclofen', text] } },
    { method: 'POST', path: '/api/v1/plans/titration', body: { drug: text, targetDailyMg: 30 } },
    { method: 'GET', path: `/plans?drug=${q}` },
    { method: 'POST', path: '/api/v1/screenings/audit-c', body: { answers: { q1: text } } },
    { method: 'POST', path: '/api/v1/subscriptions', body: { email: text, consent: true } },
    { method: 'POST', path: '/subscriptions', form: `email=${q}&consent=on` },
    { method: 'GET', path: `/api/v1/facilities?near=${q}` },
    { method: 'GET', path: `/treatment?zip=${q}` },
  ];
}

/** The body and content type of a typed request. */
export function encodedBody(r: TypedRequest): { body?: string; contentType?: string } {
  if (r.form !== undefined) return { body: r.form, contentType: 'application/x-www-form-urlencoded' };
  if (r.body !== undefined) return { body: JSON.stringify(r.body), contentType: 'application/json' };
  return {};
}

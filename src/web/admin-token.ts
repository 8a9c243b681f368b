import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/catalogue.ts';

/**
 * Compares a presented secret with the expected one in constant time. Hashing first gives both
 * sides the same length, so neither the content nor the length of the secret leaks through timing.
 */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Throws unless the request carries ADMIN_TOKEN as a bearer token. With no ADMIN_TOKEN configured
 * the administrator API is off (403), so a server never runs it with an empty or default secret.
 */
export function requireAdminToken(expected: string | undefined, authorization: string | undefined): void {
  if (!expected) throw new AppError('forbidden', 'The administrator API is disabled on this server (ADMIN_TOKEN is not set).');
  const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  if (!secretsMatch(presented, expected)) {
    throw new AppError('unauthorized', 'Send the administrator token as "Authorization: Bearer <token>".');
  }
}

import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe token (256 bits) for a confirmation or unsubscribe link. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}


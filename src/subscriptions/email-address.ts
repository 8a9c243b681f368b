import { z } from 'zod';

/** RFC 5321 caps a forward path at 256 octets including the angle brackets. */
export const MAX_EMAIL_CHARS = 254;

/**
 * Addresses are stored trimmed and lower-cased so one person is one row. (Local parts are
 * case-sensitive in theory; no mainstream provider treats them so, and duplicates would break erasure.)
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EmailSchema = z
  .string({ error: 'give an email address' })
  .trim()
  .max(MAX_EMAIL_CHARS, `an email address has at most ${MAX_EMAIL_CHARS} characters`)
  .pipe(z.email({ error: 'this is not a valid email address (expected something like name@example.org)' }))
  .transform(normaliseEmail);

import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './context.ts';

/**
 * Scripts only from this origin (no inline script at all, so no nonce is needed), nothing from third
 * parties (no analytics, fonts or CDNs), so a visit is never shared.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: [string, string][] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), payment=(), geolocation=(self)'],
];

/**
 * Browser hardening on every response. Headers are set before the route runs: Hono applies them
 * as it builds the response, whereas changing a finished response makes it copy the whole body.
 *
 * An answer to a query string reflects what a person typed (medicines to check, a ZIP code and the
 * care they look for, a question), so no cache may keep it: not the browser's on a shared computer,
 * not a proxy or CDN in front. A route whose answer is the same for everyone (a versioned asset)
 * sets its own Cache-Control over this one.
 */
export function securityHeaders(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    for (const [name, value] of HEADERS) c.header(name, value);
    if (c.req.url.includes('?')) c.header('Cache-Control', 'no-store');
    if (c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https') {
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    await next();
  };
}

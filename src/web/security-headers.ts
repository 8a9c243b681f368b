import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './context.ts';

/**
 * Browser hardening on every response. Scripts only from this origin or with the request's nonce;
 * nothing from third parties (no analytics, no fonts, no CDNs), so a visit is never shared.
 */
export function securityHeaders(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    await next();
    const nonce = c.get('nonce');
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), payment=(), geolocation=(self)');
    if (c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https') {
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    c.res.headers.delete('X-Powered-By');
  };
}

import type { Context } from 'hono';
import type { Config } from '../../config/config.ts';

/**
 * The origin links in emails point to. PUBLIC_URL wins: without it the request's own origin is
 * used, which is right for a developer's machine but trusts the Host header, so set PUBLIC_URL in
 * production.
 */
export function publicBaseUrl(c: Context, config: Config): string {
  return (config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}


import type { MiddlewareHandler } from 'hono';

/**
 * "/drugs/baclofen/" → 301 to "/drugs/baclofen", when the address with the slash has no page: people
 * type and paste addresses that way. Hono's own trimTrailingSlash answers with an absolute URL built
 * from the request, which behind a TLS-terminating proxy says http://; this one answers with the path
 * alone, so the browser keeps its scheme and host. Leading slashes collapse to one, so "//evil.example/"
 * cannot become a redirect to another site.
 */
export function trimTrailingSlash(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const path = c.req.path;
    if (c.res.status !== 404 || (c.req.method !== 'GET' && c.req.method !== 'HEAD') || path === '/' || !path.endsWith('/')) return;
    const trimmed = path.replace(/\/+$/, '').replace(/^\/+/, '/');
    if (trimmed === '' || trimmed === '/') return;
    const query = new URL(c.req.url).search;
    c.res = new Response(null, { status: 301, headers: { location: `${trimmed}${query}` } });
  };
}

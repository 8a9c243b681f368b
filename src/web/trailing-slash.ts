import type { Context } from 'hono';

/**
 * "/drugs/baclofen/" → 301 to "/drugs/baclofen" when no route matched: people type and paste addresses
 * that way. Called from the not-found handler, so pages that exist pay nothing for it. Hono's own
 * trimTrailingSlash answers with an absolute URL built from the request, which behind a
 * TLS-terminating proxy says http://; this answers with the path alone, so the browser keeps its
 * scheme and host. Leading slashes collapse to one, so "//evil.example/" cannot become a redirect to
 * another site. Only GET and HEAD: a POST's body would be lost.
 */
export function trailingSlashRedirect(c: Context): Response | undefined {
  const path = c.req.path;
  if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !path.endsWith('/')) return undefined;
  const trimmed = path.replace(/\/+$/, '').replace(/^\/+/, '/');
  if (trimmed === '' || trimmed === '/') return undefined;
  return c.redirect(`${trimmed}${new URL(c.req.url).search}`, 301);
}

import { Readable } from 'node:stream';
import { SitemapStream, streamToPromise } from 'sitemap';
import type { App, AppDeps, Feature, PublicPage } from './context.ts';

/**
 * Paths no crawler should fetch: the APIs, the CDS Hooks service, operations endpoints, search
 * results, and the sign-up links (each carries a personal token).
 */
export const NOT_FOR_CRAWLERS = ['/api/', '/cds-services', '/fhir/', '/subscriptions', '/search', '/metrics', '/healthz', '/readyz', '/blocked'] as const;

/** robots.txt: where crawlers may not go, and where the sitemap is. */
export function robotsTxt(baseUrl: string): string {
  return ['User-agent: *', ...NOT_FOR_CRAWLERS.map((path) => `Disallow: ${path}`), '', `Sitemap: ${baseUrl}/sitemap.xml`, ''].join('\n');
}

/** The sitemap (sitemaps.org 0.9) of the features' public pages, in the features' order, each once. */
export async function sitemapXml(baseUrl: string, pages: readonly PublicPage[]): Promise<Buffer> {
  const unique = [...new Map(pages.map((page) => [page.path, page])).values()];
  const links = unique.map((page) => ({ url: page.path, lastmod: page.lastModified }));
  const stream = new SitemapStream({ hostname: baseUrl, lastmodDateOnly: true, xmlns: { news: false, xhtml: false, image: false, video: false } });
  return streamToPromise(Readable.from(links).pipe(stream));
}

/**
 * Serves /robots.txt and /sitemap.xml. Addresses are absolute, from PUBLIC_URL; without it (a server
 * run locally), from the request's own origin, and then not kept, since the Host header is the
 * client's to choose.
 */
export function registerCrawlerFiles(app: App, deps: AppDeps, features: readonly Feature[]): void {
  const pages = features.flatMap((feature) => feature.publicPages?.(deps) ?? []);
  const publicUrl = deps.config.PUBLIC_URL?.replace(/\/+$/, '');
  const baseUrl = (url: string) => publicUrl ?? new URL(url).origin;
  // Built on the first request and kept, as the pages do not change while the server runs; a failed
  // build is not kept.
  let kept: Promise<Buffer> | undefined;
  const keptSitemap = (url: string) =>
    (kept ??= sitemapXml(url, pages).catch((error: unknown) => {
      kept = undefined;
      throw error;
    }));

  app.get('/robots.txt', (c) => c.text(robotsTxt(baseUrl(c.req.url)), 200, { 'cache-control': 'public, max-age=3600' }));
  app.get('/sitemap.xml', async (c) => {
    const xml = await (publicUrl ? keptSitemap(publicUrl) : sitemapXml(baseUrl(c.req.url), pages));
    return c.body(new Uint8Array(xml), 200, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' });
  });
}

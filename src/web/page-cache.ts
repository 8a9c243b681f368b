import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

interface CachedPage {
  html: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();

/**
 * Pages whose HTML depends only on the content (which never changes while the server runs) are
 * rendered, encoded and gzipped once, then served as bytes: a drug page is ~110 kB of HTML and
 * ~20 kB gzipped, so re-rendering or re-encoding it per request would dominate its cost.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();

  get(c: Context, key: string, render: () => string, status: 200 | 404 = 200): Response {
    let page = this.pages.get(key);
    if (!page) {
      const html = encoder.encode(render());
      const gzip = gzipSync(html);
      page = { html, gzip: new Uint8Array(gzip.buffer as ArrayBuffer, gzip.byteOffset, gzip.byteLength) };
      this.pages.set(key, page);
    }
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    return c.body(gzip ? page.gzip : page.html, status, {
      'content-type': 'text/html; charset=utf-8',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { App } from './context.ts';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves src/web/assets/* from memory (read once at start-up) with ETags. */
export function registerStaticAssets(app: App, dir = new URL('./assets/', import.meta.url).pathname): void {
  const files = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const name of readdirSync(dir)) {
    const type = types[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(name, { body, type, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` });
  }
  // Browsers that ignore the layout's <link rel="icon"> still ask for /favicon.ico.
  app.get('/favicon.ico', (c) => c.redirect('/assets/icon.svg', 301));
  app.get('/assets/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    return c.body(new Uint8Array(file.body), 200, {
      'content-type': file.type,
      etag: file.etag,
      'cache-control': 'public, max-age=3600',
    });
  });
}

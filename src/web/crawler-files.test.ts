import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guideDrugIds } from '../guide/guide-content.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { lastChangedOn } from '../knowledge/review-status.ts';
import { INSTRUMENT_IDS } from '../screening/instruments.ts';
import { startTestServer } from '../testing/test-server.ts';
import { NOT_FOR_CRAWLERS } from './crawler-files.ts';

const PUBLIC_URL = 'https://rxsafety.example';
const kb = KnowledgeBase.fromDirectory('content');

/** Each <url> of the sitemap: its address and, where given, the day it last changed. */
function sitemapEntries(xml: string): { loc: string; lastmod?: string }[] {
  return [...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/url>/g)].map((m) => ({ loc: m[1]!.replace(/&amp;/g, '&'), lastmod: m[2] }));
}

test('sitemap.xml lists every public page once, at PUBLIC_URL, and every one opens, with a title and a description', async (t) => {
  const server = await startTestServer({ config: { PUBLIC_URL } });
  t.after(() => server.close());

  const response = await server.get('/sitemap.xml');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/xml/);
  const xml = await response.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?><urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  const entries = sitemapEntries(xml);
  assert.equal(entries.length, (xml.match(/<url>/g) ?? []).length, 'every entry was read');
  assert.equal(new Set(entries.map((e) => e.loc)).size, entries.length, 'no page twice');
  assert.ok(entries.every((e) => e.loc.startsWith(`${PUBLIC_URL}/`)), 'absolute addresses on the public host');

  const paths = entries.map((e) => e.loc.slice(PUBLIC_URL.length));
  const expected = [
    '/',
    ...[...kb.drugs.keys()].map((id) => `/drugs/${id}`),
    '/evidence/baclofen/alcohol-use-disorder',
    '/interactions',
    '/plans',
    '/check',
    ...INSTRUMENT_IDS.map((id) => `/check/${id}`),
    '/treatment',
    ...guideDrugIds(kb).flatMap((id) => [`/guides/${id}`, `/guides/${id}.pdf`]),
    '/sources',
  ];
  for (const path of expected) assert.ok(paths.includes(path), `${path} is listed`);
  assert.ok(paths.some((p) => p.startsWith('/interactions/rules/')), 'the interaction rules have pages');
  assert.equal(entries.find((e) => e.loc.endsWith('/drugs/baclofen'))?.lastmod, lastChangedOn(kb.drugs.get('baclofen')!.review));

  // A sitemap that sends a crawler to a missing page, or to one it may not fetch, is worse than none.
  for (const path of paths) {
    const page = await server.get(path);
    assert.equal(page.status, 200, `${path} answers 200`);
    if ((page.headers.get('content-type') ?? '').startsWith('text/html')) {
      // What a search result shows: the page's title and its description as the snippet.
      const html = await page.text();
      assert.match(html, /<title>[^<]+ \| rxsafety<\/title>/, `${path} has a title`);
      assert.match(html, /<meta name="description" content="[^"]{40,}"\/>/, `${path} has a description a search can show`);
    } else await page.arrayBuffer();
    assert.ok(!NOT_FOR_CRAWLERS.some((prefix) => path.startsWith(prefix)), `${path} is not disallowed by robots.txt`);
  }
});

test('robots.txt keeps crawlers out of the APIs, search results and sign-up links, and names the sitemap', async (t) => {
  const server = await startTestServer({ config: { PUBLIC_URL: `${PUBLIC_URL}/` } });
  t.after(() => server.close());
  const response = await server.get('/robots.txt');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const lines = (await response.text()).split('\n');
  assert.equal(lines[0], 'User-agent: *');
  for (const path of ['/api/', '/cds-services', '/fhir/', '/subscriptions', '/search', '/metrics']) assert.ok(lines.includes(`Disallow: ${path}`), `Disallow: ${path}`);
  assert.ok(lines.includes(`Sitemap: ${PUBLIC_URL}/sitemap.xml`), 'the sitemap, without a doubled slash');
});

test('without PUBLIC_URL (a server run locally), the addresses are the server\'s own', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const entries = sitemapEntries(await (await server.get('/sitemap.xml')).text());
  assert.ok(entries.length > 50);
  assert.ok(entries.every((e) => e.loc.startsWith(`${server.url}/`)));
  assert.ok((await (await server.get('/robots.txt')).text()).includes(`Sitemap: ${server.url}/sitemap.xml`));
});

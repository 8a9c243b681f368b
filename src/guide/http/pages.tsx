import type { Context } from 'hono';
import type { App, AppDeps } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { SignUpForm } from '../../subscriptions/http/sign-up-form.tsx';
import { guideContent } from '../guide-content.ts';
import { formatSize, type GuideCache } from '../guide-cache.ts';

export function guideFilename(drugId: string, compiledOn: string): string {
  return `rxsafety-${drugId}-guide-${compiledOn}.pdf`;
}


/**
 * GET /guides/:drug.pdf (the PDF) and GET /guides/:drug (the page with the link and the sign-up form).
 * One route for both: two routes with patterns at the same place keep Hono on its slower trie router
 * for every request to the site (see src/web/router.test.ts).
 */
export function registerGuideRoutes(app: App, deps: AppDeps, cache: GuideCache): void {
  app.get('/guides/:name{[a-z0-9-]+(?:\\.pdf)?}', (c: Context) => {
    const name = c.req.param('name')!;
    return name.endsWith('.pdf') ? guidePdf(c, deps, cache, name.slice(0, -'.pdf'.length)) : guidePage(c, deps, cache, name);
  });
}

async function guidePdf(c: Context, { kb }: AppDeps, cache: GuideCache, drugId: string): Promise<Response> {
  const guide = await cache.get(kb, drugId);
  const etag = `"${guide.contentVersion}"`;
  const headers = {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${guideFilename(drugId, guide.compiledOn)}"`,
    etag,
    'cache-control': 'public, max-age=3600',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(new Uint8Array(guide.bytes), 200, Object.assign({}, headers, { 'content-length': String(guide.bytes.length) }));
}

async function guidePage(c: Context, { kb }: AppDeps, cache: GuideCache, drugId: string): Promise<Response> {
  const content = guideContent(kb, drugId);
  const guide = await cache.get(kb, drugId);
  const pdfHref = `/guides/${drugId}.pdf`;
  return c.html(
    `<!doctype html>${(
      <Layout
        title={`Free ${content.drug.name} guide (PDF)`}
        description={`A printable ${content.drug.name} safety guide with references. No email needed.`}
        crisisLines={kb.content.crisisLines}
      >
        <h1>Free {content.drug.name} guide</h1>
        <p>
          A printable guide to {content.drug.name}: the key safety points first, then dosing, withdrawal and tapering,
          interactions, misuse, the evidence for alcohol use disorder, common myths checked, where to find treatment and
          crisis numbers, with numbered references. It is built from the same cited records as the{' '}
          <a href={`/drugs/${drugId}`}>{content.drug.name} page</a>.
        </p>
        <p>{content.reviewStatement}</p>
        <p>
          <a class="button" href={pdfHref} download={guideFilename(drugId, guide.compiledOn)}>
            Download the {content.drug.name} guide (PDF, {formatSize(guide.bytes.length)})
          </a>
        </p>
        <p>No email address is needed to download it. It is information, not medical advice, and does not replace your prescriber.</p>
        <p>
          The PDF is tagged for screen readers: its headings, tables and numbered references are announced as such,
          and it opens with a bookmark for each section.
        </p>
        <h2>Updates by email</h2>
        <SignUpForm />
      </Layout>
    )}`,
  );
}

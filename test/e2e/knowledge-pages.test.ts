import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditPage, openBrowserSession, assertCrisisBox } from './browser.ts';

/** The knowledge pages, each audited in a real browser and photographed for the README. */
const pages = [
  { path: '/', name: 'home' },
  { path: '/drugs/baclofen', name: 'drug-baclofen' },
  { path: '/evidence/baclofen/alcohol-use-disorder', name: 'evidence-baclofen-aud' },
  { path: '/search?q=baclofen', name: 'search-results' },
  { path: '/search?q=zzzzqqq', name: 'search-no-results' },
  { path: '/sources', name: 'sources' },
  { path: '/api/docs', name: 'api-docs' },
  { path: '/no-such-page', name: 'not-found', status: 404 },
];

test('knowledge pages in a real browser: WCAG 2.2 AA, crisis box, headings, targets, focus', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    const page = await session.newPage();
    const noScript = await session.newPage({ javaScriptEnabled: false });
    for (const { path, name, status = 200 } of pages) {
      await t.test(path, async () => {
        const response = await page.goto(path);
        assert.equal(response?.status(), status, `${path} answered ${response?.status()}`);
        await auditPage(page, path, { screenshot: name });
      });
      await t.test(`${path} without JavaScript`, async () => {
        const response = await noScript.goto(path);
        assert.equal(response?.status(), status);
        assert.equal(await noScript.locator('h1').count(), 1, `${path} has no h1 without JavaScript`);
        await assertCrisisBox(noScript, `${path} (no JavaScript)`);
      });
    }
  } finally {
    await session.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { auditPage, openBrowserSession, screenshotBoth, tabTo } from './browser.ts';

/**
 * Someone misspells the drug, still lands on the baclofen page, and checks where a statement comes
 * from: the reference mark takes them to that entry in the numbered references list.
 */
async function followFirstReference(page: Page): Promise<void> {
  const firstRef = page.locator('main sup.refs a').first();
  const href = await firstRef.getAttribute('href');
  assert.match(href ?? '', /^#ref-\d+$/, 'a claim on the drug page links to its numbered reference');
  await firstRef.click();
  assert.ok(page.url().endsWith(href!), `the address moved to ${href}`);
  const entry = page.locator(`ol.references > li${href}`);
  assert.equal(await entry.count(), 1, `the references list has the entry ${href}`);
  assert.ok(await entry.isVisible());
  assert.ok((await entry.locator('a[href^="/sources/"]').count()) === 1, 'each reference links to its source details');
}

test('journey: search "baclophen" → baclofen page → its references', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    await t.test('with the keyboard only', async () => {
      const page = await session.newPage();
      await page.goto('/');
      await tabTo(page, '#home-q');
      await page.keyboard.type('baclophen');
      await Promise.all([page.waitForURL(/\/search\?q=baclophen/), page.keyboard.press('Enter')]);
      assert.match(await page.locator('[role=status]').innerText(), /result/);
      await auditPage(page, 'search for the misspelling');
      await screenshotBoth(page, 'search-baclophen');

      // The best match comes first: the drug itself.
      const first = page.locator('ol.search-results a').first();
      assert.equal(await first.getAttribute('href'), '/drugs/baclofen');
      await first.focus();
      await Promise.all([page.waitForURL(/\/drugs\/baclofen$/), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').innerText(), 'Baclofen');

      await followFirstReference(page);
      await screenshotBoth(page, 'drug-baclofen-reference');
    });

    await t.test('without JavaScript', async () => {
      const page = await session.newPage({ javaScriptEnabled: false });
      await page.goto('/');
      await page.fill('#home-q', 'baclophen');
      await Promise.all([page.waitForURL(/\/search\?q=baclophen/), page.click('form[role=search] button[type=submit]')]);
      await Promise.all([page.waitForURL(/\/drugs\/baclofen$/), page.locator('ol.search-results a').first().click()]);
      await followFirstReference(page);
    });
  } finally {
    await session.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

/** Someone on baclofen is prescribed tramadol and drinks: they check all three and read what to do. */
test('journey: check baclofen + tramadol + alcohol and read the management advice', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    await t.test('with the keyboard only', async () => {
      const page = await session.newPage();
      await page.goto('/interactions');
      await auditPage(page, '/interactions (empty form)', { screenshot: 'interactions-form' });
      await tabTo(page, '#drug-1');
      await page.keyboard.type('baclofen');
      await tabTo(page, '#drug-2');
      await page.keyboard.type('tramadol');
      // A third row: the "add" button submits the form and comes back with one more empty field.
      await tabTo(page, 'button[name=add]');
      await Promise.all([page.waitForURL(/add=1/), page.keyboard.press('Enter')]);
      await tabTo(page, '#drug-3');
      await page.keyboard.type('alcohol');
      await tabTo(page, 'form.interaction-form button[type=submit]:not([name])');
      await Promise.all([page.waitForURL(/drugs=alcohol/), page.keyboard.press('Enter')]);

      const results = page.locator('section[aria-labelledby=results-title]');
      assert.equal(await results.count(), 1, 'the results section is shown');
      const findings = results.locator('article.claim');
      assert.ok((await findings.count()) >= 2, 'baclofen+tramadol and baclofen+alcohol both interact');
      const text = await results.innerText();
      assert.match(text, /What to do:/, 'each finding leads with the management advice');
      assert.match(text, /tramadol/i);
      assert.match(text, /alcohol/i);
      await auditPage(page, '/interactions (3 drugs, results)', { screenshot: 'interactions-results' });
    });

    await t.test('without JavaScript', async () => {
      const page = await session.newPage({ javaScriptEnabled: false });
      await page.goto('/interactions');
      await page.fill('#drug-1', 'baclofen');
      await page.fill('#drug-2', 'tramadol');
      await Promise.all([page.waitForURL(/drugs=tramadol/), page.click('form.interaction-form button[type=submit]:not([name])')]);
      assert.ok((await page.locator('article.claim').count()) >= 1);
      assert.match(await page.locator('article.claim').first().innerText(), /What to do:/);
    });
  } finally {
    await session.close();
  }
});

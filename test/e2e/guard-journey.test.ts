import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

/** An attack typed into the search form meets the block page, with a reference id for support. */
test('journey: an attack gets the block page with its reference id', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    const page = await session.newPage();
    await page.goto('/');
    await tabTo(page, '#home-q');
    await page.keyboard.type("' UNION SELECT password FROM users --");
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/search')), page.keyboard.press('Enter')]);
    assert.equal(response.status(), 403);
    await page.locator('h1').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'We could not accept this request');
    const reference = (await page.locator('dd code').first().innerText()).trim();
    assert.ok(reference.length >= 8, 'a reference id is shown');
    assert.equal(response.headers()['x-request-id'], reference, 'the reference is the request id in the logs');
    assert.doesNotMatch(await page.locator('main').innerText(), /sql|injection|rule/i, 'never says what rule fired');
    await auditPage(page, 'block page', { screenshot: 'guard-block' });
  } finally {
    await session.close();
  }
});

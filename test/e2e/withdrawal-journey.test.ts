import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

/** Every yes/no question answered "no", the route "by mouth", and a seizure: "yes". */
async function answerWithSeizure(page: Page, useKeyboard: boolean): Promise<void> {
  const groups = await page.locator('form.check-form fieldset:has(input[type=radio])').evaluateAll((sets) =>
    sets.map((s) => (s.querySelector('input[type=radio]') as HTMLInputElement).name),
  );
  for (const name of groups) {
    const choice = name === 'seizure' ? 'yes' : name === 'route' ? 'oral' : 'no';
    if (!useKeyboard) {
      await page.check(`#${name}-${choice}`);
      continue;
    }
    // Tab enters a radio group on its first option; Space picks it, ArrowDown moves to and picks the next.
    await tabTo(page, `input[name="${name}"]`);
    const first = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    if (first === choice) await page.keyboard.press('Space');
    else await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator(`#${name}-${choice}`).isChecked(), true, `${name} answered ${choice}`);
  }
}

async function assertEmergencyFirst(page: Page): Promise<void> {
  const firstHeading = page.locator('main').locator('h1, h2, h3').first();
  assert.equal(await firstHeading.innerText(), 'Call 911 now', 'the emergency action is the first thing on the page');
  const firstCall = await page.locator('main a[href^="tel:"]').first().getAttribute('href');
  assert.equal(firstCall, 'tel:911', 'the first number offered is 911');
}

test('journey: withdrawal check with a seizure shows the emergency action first', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    await t.test('with the keyboard only', async () => {
      const page = await session.newPage();
      await page.goto('/check');
      await auditPage(page, '/check', { screenshot: 'check-list' });
      await page.goto('/check/baclofen-withdrawal');
      await auditPage(page, '/check/baclofen-withdrawal (form)', { screenshot: 'check-withdrawal-form' });
      await answerWithSeizure(page, true);
      await tabTo(page, 'form.check-form button[type=submit]');
      await Promise.all([page.waitForURL(/\/check\/baclofen-withdrawal$/), page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.locator('h1.action').waitFor();
      await assertEmergencyFirst(page);
      await auditPage(page, '/check/baclofen-withdrawal (seizure: emergency)', { screenshot: 'check-withdrawal-emergency' });
    });

    await t.test('without JavaScript', async () => {
      const page = await session.newPage({ javaScriptEnabled: false });
      await page.goto('/check/baclofen-withdrawal');
      await answerWithSeizure(page, false);
      await page.click('form.check-form button[type=submit]');
      await page.locator('h1.action').waitFor();
      await assertEmergencyFirst(page);
    });
  } finally {
    await session.close();
  }
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

/** Someone on 60 mg/day makes a taper plan to discuss with the prescriber, prints it and adds it to their calendar. */
test('journey: taper plan from 60 mg/day, print view, .ics download', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    await t.test('with the keyboard only', async () => {
      const page = await session.newPage();
      await page.goto('/plans');
      await auditPage(page, '/plans (forms)', { screenshot: 'plans-form' });
      await tabTo(page, '#taper-currentDailyMg');
      await page.keyboard.type('60');
      await tabTo(page, 'form:has(#taper-currentDailyMg) button[type=submit]');
      await Promise.all([page.waitForURL(/kind=taper/), page.keyboard.press('Enter')]);

      const plan = page.locator('section[aria-labelledby=plan-title]');
      assert.equal(await plan.count(), 1, 'a plan is shown');
      const text = await plan.innerText();
      assert.match(text, /Draft only\./, 'the plan says it is a draft for the prescriber');
      assert.match(text, /stop: no more doses/, 'the taper ends at zero, never abruptly');
      await auditPage(page, '/plans (taper from 60 mg/day)', { screenshot: 'plans-taper' });

      // Print view: the calendar stays, the navigation and forms go.
      await page.emulateMedia({ media: 'print' });
      assert.ok(await plan.isVisible(), 'the plan prints');
      assert.equal(await page.locator('header nav').isVisible(), false, 'the navigation is not printed');
      assert.equal(await page.locator('#taper-currentDailyMg').isVisible(), false, 'the forms are not printed');
      await page.emulateMedia({ media: 'screen' });

      const ics = page.locator('a[href*=".ics"]');
      const [download] = await Promise.all([page.waitForEvent('download'), ics.click()]);
      const calendar = readFileSync((await download.path())!, 'utf8');
      assert.match(calendar, /^BEGIN:VCALENDAR/);
      assert.match(calendar, /BEGIN:VEVENT/);
      assert.match(calendar, /BEGIN:VALARM/, 'with reminders');
    });

    await t.test('without JavaScript', async () => {
      const page = await session.newPage({ javaScriptEnabled: false });
      await page.goto('/plans');
      await page.fill('#taper-currentDailyMg', '60');
      await Promise.all([page.waitForURL(/kind=taper/), page.click('form:has(#taper-currentDailyMg) button[type=submit]')]);
      assert.match(await page.locator('section[aria-labelledby=plan-title]').innerText(), /stop: no more doses/);
    });
  } finally {
    await session.close();
  }
});

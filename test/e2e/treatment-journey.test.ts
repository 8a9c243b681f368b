import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { openTestSqlite } from '../../src/testing/databases.ts';
import { importFacilities } from '../../src/treatment/import.ts';
import { FacilityRepository } from '../../src/treatment/repository.ts';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

const FIXTURE = new URL('../../src/treatment/fixtures/facility-listing.csv', import.meta.url);

/** Someone in Charlottesville looks for detox near their ZIP code. */

test('journey: find detox near a ZIP', async (t) => {
  // The small facility fixture of the treatment tests, imported before the server starts and indexes it.
  const database = await openTestSqlite();
  t.after(() => database.dispose());
  await importFacilities(new FacilityRepository(database.db), readFileSync(FIXTURE), { format: 'findtreatment-csv', source: 'e2e-fixture' });
  const session = await openBrowserSession(t, { database });
  if (!session) return;
  try {

    await t.test('with the keyboard only', async () => {
      const page = await session.newPage();
      await page.goto('/treatment');
      await auditPage(page, '/treatment (search form)', { screenshot: 'treatment-form' });
      await tabTo(page, '#zip');
      await page.keyboard.type('22903');
      const detox = page.locator('select:has(option[value=detox])');
      await tabTo(page, `#${await detox.getAttribute('id')}`);
      // Choosing from a closed <select> is done by typing the option's first letters.
      await page.keyboard.type('Detox');
      assert.equal(await detox.inputValue(), 'detox', 'the detox filter was chosen with the keyboard');
      await tabTo(page, 'form.facility-search button[type=submit]');
      await Promise.all([page.waitForURL(/zip=22903/), page.keyboard.press('Enter')]);
      const results = await page.locator('main').innerText();
      assert.match(results, /Rivanna Detox Unit/, 'the detox unit near that ZIP is listed');
      assert.doesNotMatch(results, /Monticello Outpatient/, 'a facility without detox is filtered out');
      await auditPage(page, '/treatment (detox near 22903)', { screenshot: 'treatment-results' });
    });

    await t.test('without JavaScript', async () => {
      const page = await session.newPage({ javaScriptEnabled: false });
      await page.goto('/treatment');
      await page.fill('#zip', '22903');
      await Promise.all([page.waitForURL(/zip=22903/), page.click('form.facility-search button[type=submit]')]);
      assert.match(await page.locator('main').innerText(), /Rivanna Detox Unit/);
    });
  } finally {
    await session.close();
  }
});

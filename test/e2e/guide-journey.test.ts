import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { auditPage, openBrowserSession, tabTo } from './browser.ts';

/** The free guide downloads as a PDF with no email asked. */
test('journey: download the baclofen guide', async (t) => {
  const session = await openBrowserSession(t);
  if (!session) return;
  try {
    const page = await session.newPage();
    await page.goto('/guides/baclofen');
    await auditPage(page, '/guides/baclofen', { screenshot: 'guide' });
    await tabTo(page, 'main a[href$=".pdf"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const pdf = readFileSync((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 10_000, `a real document, not an error page (${pdf.length} bytes)`);
  } finally {
    await session.close();
  }
});

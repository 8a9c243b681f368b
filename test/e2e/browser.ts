import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { skipUnlessAvailable } from '../../src/testing/environment.ts';
import { startTestServer, type TestServer } from '../../src/testing/test-server.ts';

/** Debian's chromium package (CI installs it in .ci/run); playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Exactly these flags: headless, no sandbox (containers), and nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.0, 2.1 and 2.2 A/AA rules: the level the site promises. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

/**
 * Screenshots go to test-output/ (ignored by git) on every run, so a test run never dirties the tree;
 * `UPDATE_SCREENSHOTS=1 npm test` refreshes the ones committed under docs/screenshots for the README.
 */
export const SCREENSHOT_DIR = resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../test-output/screenshots',
);

export interface BrowserSession {
  server: TestServer;
  browser: Browser;
  /** A page in a fresh context (desktop width unless told); JavaScript on unless `javaScriptEnabled: false`. */
  newPage(options?: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One real server and one browser for a whole test file (launching Chromium is the slow part).
 * Returns undefined, having skipped the test with the reason, when Chromium is not installed.
 */
export async function openBrowserSession(
  t: TestContext,
  serverOptions: Parameters<typeof startTestServer>[0] = {},
): Promise<BrowserSession | undefined> {
  const reason = `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install chromium)`;
  if (skipUnlessAvailable(t, existsSync(CHROMIUM_PATH), reason)) return undefined;
  const server = await startTestServer(serverOptions);
  // launch() gives every run a fresh temporary profile (user-data dir) and deletes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async newPage({ javaScriptEnabled = true, viewport = VIEWPORTS.desktop } = {}) {
      const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled, viewport, deviceScaleFactor: 1 });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/** Runs axe with the WCAG 2.2 AA tags; fails listing each violation and where it is. */
export async function assertNoAxeViolations(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`,
  );
  assert.deepEqual(found, [], `axe found WCAG violations on ${label}`);
}

/** `lang` is set on <html>, so screen readers pick the right voice. */
export async function assertLangSet(page: Page, label: string): Promise<void> {
  const lang = await page.locator('html').getAttribute('lang');
  assert.ok(lang && lang.length >= 2, `${label}: <html> has no lang attribute`);
}

/** The help box with a callable number is on every page, whatever page a person lands on. */
export async function assertCrisisBox(page: Page, label: string): Promise<void> {
  const box = page.locator('#get-help');
  assert.equal(await box.count(), 1, `${label}: the crisis box (#get-help) is missing`);
  assert.ok(await box.isVisible(), `${label}: the crisis box is not visible`);
  assert.ok((await box.locator('a[href^="tel:"]').count()) > 0, `${label}: the crisis box has no phone link`);
}

/** One h1, the main content starts with it, and no heading skips a level going deeper. */
export async function assertHeadingsInOrder(page: Page, label: string): Promise<void> {
  const { levels, mainFirst } = await page.evaluate(() => ({
    levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
    mainFirst: document.querySelector('main')?.querySelector('h1, h2, h3, h4, h5, h6')?.tagName ?? null,
  }));
  assert.equal(levels.filter((l) => l === 1).length, 1, `${label}: expected exactly one h1, found levels ${levels.join(',')}`);
  assert.equal(mainFirst, 'H1', `${label}: the main content should start with its h1`);
  for (let i = 1; i < levels.length; i++) {
    assert.ok(levels[i]! <= levels[i - 1]! + 1, `${label}: heading h${levels[i]} follows h${levels[i - 1]} (skips a level)`);
  }
}

/**
 * Links and buttons in forms and navigation are at least 24×24 CSS px (WCAG 2.5.8), so a shaky hand
 * can hit them. Links inside running text are exempt by the criterion and not checked.
 */
export async function assertTargetSizes(page: Page, label: string): Promise<void> {
  const small = await page.evaluate(() => {
    const selector = 'nav a, form a, form button, form input[type=submit], form input[type=button], button, .button, .help-now';
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue; // not rendered (print-only, collapsed)
      if (box.width < 24 || box.height < 24) out.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}" ${box.width.toFixed(0)}×${box.height.toFixed(0)}`);
    }
    return out;
  });
  assert.deepEqual(small, [], `${label}: targets smaller than 24×24 px`);
}

/** Tabbing from the top shows a visible focus indicator on each stop (outline or box-shadow). */
export async function assertFocusVisible(page: Page, label: string, stops = 6): Promise<void> {
  await page.locator('body').focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow !== 'none';
      return { what: `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 30)}"`, visible: outline || shadow };
    });
    if (!focus) break;
    assert.ok(focus.visible, `${label}: focus on ${focus.what} has no visible indicator`);
  }
}

/** Presses Tab until the element matching `selector` has focus: proves it is reachable by keyboard. */
export async function tabTo(page: Page, selector: string, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach ${selector} with the Tab key in ${maxTabs} presses`);
}

/** Writes the current page at phone and desktop widths into docs/screenshots (viewport only: small PNGs). */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}-${size}.png`), fullPage: false });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * Every check a page or result state must pass: axe, lang, crisis box, headings, target sizes (at
 * phone and desktop widths), optionally screenshots, then focus visible (it moves the focus).
 */
export async function auditPage(page: Page, label: string, options: { screenshot?: string } = {}): Promise<void> {
  await assertNoAxeViolations(page, label);
  await assertLangSet(page, label);
  await assertCrisisBox(page, label);
  await assertHeadingsInOrder(page, label);
  const original = page.viewportSize();
  for (const viewport of Object.values(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await assertTargetSizes(page, `${label} at ${viewport.width}px`);
  }
  if (original) await page.setViewportSize(original);
  if (options.screenshot) await screenshotBoth(page, options.screenshot);
  await assertFocusVisible(page, label);
}

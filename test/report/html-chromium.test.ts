import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { bookstoreReportInput } from './html-fixture.js';

/** Debian's chromium package; the CI script installs it. No browser is downloaded. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present) console.warn(`report/html in Chromium: SKIPPED - no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!present)('report/html in headless Chromium', () => {
  it('renders offline with no console errors, the key elements visible; the screenshot is kept under test-artifacts/', async () => {
    const dir = join(packageRoot(), 'test-artifacts', 'html-report');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bookstore-report.html');
    writeFileSync(file, renderHtmlReport(bookstoreReportInput()));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => requests.push(request.url()));

      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      await expect(page.title()).resolves.toBe('Bookstore migration');
      for (const selector of [
        '#summary [data-count="changed"]',
        '#summary [data-count="lost"]',
        '#connectivity table.matrix.after td.cell.lost',
        '#connectivity table.verdicts',
        '#items details.item[open] table.sbs td.ins',
        '#items details.item[open] .delta .jsondiffpatch-modified',
      ]) {
        await expect(page.locator(selector).first().isVisible(), selector).resolves.toBe(true);
      }
      await expect(page.locator('#summary [data-count="lost"] .num').textContent()).resolves.toBe('1');
      const lostCell = page.locator('#connectivity table.matrix.after td.cell.lost');
      await expect(lostCell.count()).resolves.toBe(1);
      await expect(lostCell.getAttribute('title')).resolves.toContain('/fruitstore-frontend → /bookstore-server');
      // The lost cell stands out: its background is not the page's.
      const background = await lostCell.evaluate(
        (cell) => (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(cell).backgroundColor,
      );
      expect(background).not.toBe('rgba(0, 0, 0, 0)');
      await page.screenshot({ path: join(dir, 'bookstore-report.png'), fullPage: true });

      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

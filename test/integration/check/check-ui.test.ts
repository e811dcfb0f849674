/**
 * "Check a handler" in the UI, end to end: the built renderer in real Chromium, served by the real UI server
 * over a real Companion (CompanionApi `checkHandler` over HTTP), against a test handler that 500s on
 * duplicates: the scorecard shows every check, that one failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanionService } from '../../../electron/core/companion';
import { screenshot, type Chromium } from '../../support/chromium';
import { openCompanionUi, type CompanionUi } from '../../support/companion-ui';
import { PRODUCTION_KEY } from '../../support/core';
import { startHandler, type TestHandler } from './handlers';

let app: CompanionUi;
let companion: CompanionService;
let browser: Chromium;
let handler: TestHandler;

beforeAll(async () => {
  app = await openCompanionUi({ width: 1280, height: 900 });
  ({ companion, browser } = app);
  handler = await startHandler(PRODUCTION_KEY, 'fails-duplicates');
  await companion.saveForwardTargets({ targets: [{ url: handler.url, enabled: false, eventTypes: [] }] });
  await browser.page.goto(app.ui.url);
}, 120_000);

afterAll(async () => {
  await handler?.close();
  await app?.close();
});

describe('Check a handler in Settings', () => {
  it('runs the suite against a forward target and shows the scorecard', async () => {
    const { page } = browser;
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    const section = page.getByRole('region', { name: 'Check a handler' });
    expect(await section.getByLabel('signed with the key of').inputValue()).toBe('production');
    await section.getByRole('button', { name: 'Run check' }).click();
    await section.getByText('12 passed · 0 warned · 1 failed of 13 checks', { exact: false }).waitFor();
    const rows = section.getByRole('table', { name: 'Check results' }).locator('tbody tr');
    expect(await rows.count()).toBe(13);
    const failed = rows.filter({ hasText: 'duplicate-event' });
    expect(await failed.locator('td').first().innerText()).toBe('fail');
    expect(await failed.innerText()).toContain('request 2: 500 "duplicate key"');
    expect(handler.received).toBeGreaterThanOrEqual(25);
    // Each check's name stays on one line (it is an id to search for, e.g. in the JUnit file).
    const nameCells = rows.locator('td:nth-child(2)');
    expect(
      await nameCells.evaluateAll((cells) =>
        cells.map((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { whiteSpace: string } }).getComputedStyle(c).whiteSpace),
      ),
    ).toEqual(Array(13).fill('nowrap'));
    await screenshot(page, 'settings-handler-check');
  });

  it('refuses an unknown target with a sentence', async () => {
    await expect(companion.checkHandler({ targetId: 'ft_nope', environment: 'production' })).rejects.toThrow('No forward target has the id ft_nope.');
  });
});

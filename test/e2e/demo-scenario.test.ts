/**
 * The demo's Scenario menu in real Chromium against the real `knit-sync demo` (issue 16 §3): Setup lists the
 * emulator's scenarios as `emulate --help` describes them; ticking "duplicates" makes the emulator's next
 * delta deliver some events twice, and the Events list shows those retries. Screenshot:
 * test-results/screenshots/demo-scenario.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../electron/core/emulator/scenarios/scenarios';
import { screenshot, type Chromium } from '../support/chromium';
import type { Demo } from '../support/demo-process';
import { closeDemoInChromium, openDemoInChromium } from '../support/demo-in-chromium';

let dataDir: string;
let demo: Demo | null = null;
let browser: Chromium;

beforeAll(async () => {
  ({ dataDir, demo, browser } = await openDemoInChromium('scenario', ['--employees', '20', '--start']));
}, 120_000);

afterAll(() => closeDemoInChromium({ dataDir, demo, browser }));

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });
/** The retries cells of the Events list that show a count (`·` is none). */
const retriedCells = () => browser.page.locator('.grid-row[data-seq] [role="gridcell"].retries:not(.muted)');

describe('the demo Scenario menu in Chromium', () => {
  it('lists every scenario with its --help line; "duplicates" makes the next delta deliver retries the Events list shows', async () => {
    const { page } = browser;
    // The initial sync arrives first, with no duplicates.
    await expect.poll(() => page.locator('.grid-row[data-seq]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await nav('Setup').click();
    const section = page.locator('section', { has: page.locator('#scenario-title') });
    await section.waitFor();
    for (const scenario of SCENARIOS) expect(await section.innerText()).toContain(scenario.description);
    expect(await section.innerText()).toContain('None ticked');

    await section.getByRole('checkbox', { name: /^duplicates/ }).check();
    await expect.poll(() => section.innerText()).toContain('Now: duplicates.');
    expect(await section.getByRole('checkbox', { name: /^duplicates/ }).isChecked()).toBe(true);
    await screenshot(page, 'demo-scenario');
    await nav('Events').click();
    expect(await retriedCells().count()).toBe(0);
    // The emulator's next delta (every 10 s) delivers every third record event twice.
    await expect.poll(() => retriedCells().count(), { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    expect(await retriedCells().first().getAttribute('title')).toMatch(/^\d+ retr/);
    expect(demo!.stderr()).toContain('scenario duplicates from the next run');

    // The choice survives a reload of the UI (it is the emulator's, not the page's).
    await page.reload();
    await nav('Setup').click();
    expect(
      await page
        .locator('section', { has: page.locator('#scenario-title') })
        .getByRole('checkbox', { name: /^duplicates/ })
        .isChecked(),
    ).toBe(true);
  }, 150_000);
});

/**
 * Connecting an HR system in real Chromium against the real `knit-sync demo` (issue 15): Setup → Connect an
 * HR system → the emulated Knit component in its own tab → the integration listed with its label → its
 * activation received → its sync started on activation → its employees shown under that integration alone.
 * The component page reaches neither the CompanionApi nor the UI's credential. Screenshots of the new screens
 * go to test-results/screenshots/connect-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type Chromium } from '../support/chromium';
import type { Demo } from '../support/demo-process';
import { closeDemoInChromium, openDemoInChromium } from '../support/demo-in-chromium';

const EMPLOYEES = 12;
let dataDir: string;
let demo: Demo | null = null;
let browser: Chromium;
let component: Page;

beforeAll(async () => {
  // --start: int_demo's employees are there too, so "under that integration alone" means something.
  ({ dataDir, demo, browser } = await openDemoInChromium('connect', ['--employees', String(EMPLOYEES), '--start'], { width: 1280, height: 860 }));
}, 120_000);

afterAll(() => closeDemoInChromium({ dataDir, demo, browser }));

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });

describe('Connect an HR system in Chromium', () => {
  it('opens the emulated Knit component in its own tab from the Setup form', async () => {
    const { page, context } = browser;
    await nav('Setup').click();
    await page.getByRole('heading', { name: 'Connect an HR system' }).waitFor();
    expect(await page.getByLabel('Environment', { exact: true }).inputValue()).toBe('demo');
    expect(await page.getByLabel('Component script (module)').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/knit-ui-comp\.js$/);
    await page.getByLabel('Organisation id').fill('org_acme');
    await page.getByLabel('Organisation name').fill('Acme Corp');
    await page.getByLabel('User email').fill('ana@acme.test');
    await page.getByLabel('User name').fill('Ana Okafor');
    expect(await page.getByRole('checkbox', { name: /Test account/ }).isChecked()).toBe(true);
    await screenshot(page, 'connect-setup-form');
    const opened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Connect an HR system' }).click();
    component = await opened;
    await component.waitForLoadState();
    expect(new URL(component.url()).pathname).toMatch(/^\/connect\/[A-Za-z0-9_-]+$/);
    await component.getByRole('button', { name: 'Connect your HR system' }).waitFor();
  });

  it('the component page reaches neither the CompanionApi nor the UI credential', async () => {
    const probe = await component.evaluate(async () => {
      const w = globalThis as unknown as { companion?: unknown; fetch: typeof fetch; document: { cookie: string }; origin: string };
      const attempt = async (url: string, init?: RequestInit) => {
        try {
          return (await w.fetch(url, init)).status;
        } catch {
          return 'blocked';
        }
      };
      return {
        origin: w.origin,
        cookie: (() => {
          try {
            return w.document.cookie;
          } catch {
            return 'no access';
          }
        })(),
        bridge: typeof w.companion,
        api: await attempt('/api/getSettings', { method: 'POST', credentials: 'include' }),
        status: await attempt('/api/getStatus', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '' }),
      };
    });
    expect(probe.origin).toBe('null'); // sandboxed: an opaque origin
    expect(['', 'no access']).toContain(probe.cookie);
    expect(probe.bridge).toBe('undefined');
    for (const result of [probe.api, probe.status]) expect(result === 'blocked' || result === 401 || result === 403).toBe(true);
  });

  it('connects HiBob through the emulated modal; the integration is listed, activated, and its sync started', async () => {
    await component.getByRole('button', { name: 'Connect your HR system' }).click();
    await component.getByRole('button', { name: 'Get started' }).click();
    await component.getByRole('button', { name: /HiBob/ }).click();
    await screenshot(component, 'connect-component-credentials');
    await component.getByRole('button', { name: 'Connect', exact: true }).click();
    await component.getByRole('heading', { name: 'HiBob connected' }).waitFor();
    const integrationId = /int_\w+/.exec(await component.locator('.mono').first().innerText())![0];
    await screenshot(component, 'connect-component-done');
    await component.getByRole('button', { name: 'Done' }).click();

    const { page } = browser;
    const row = page.locator(`tr[data-integration="${integrationId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('hibob · Acme Corp');
    expect(await row.innerText()).toContain('test');
    await expect.poll(() => row.getByTestId('activation').innerText(), { timeout: 20_000 }).toBe('activated');
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/sync started\s+sj_/);
    await screenshot(page, 'connect-setup-connected');

    // Its employees, under that integration alone.
    await nav('Employees').click();
    const scope = page.getByLabel('integration', { exact: true });
    await scope.selectOption(integrationId);
    await expect.poll(async () => Number(/([\d,]+) shown/.exec(await page.getByText(/^[\d,]+ shown$/).innerText())?.[1]), { timeout: 60_000 }).toBe(EMPLOYEES);
    expect(await page.locator('.grid-row[role="row"]').count()).toBe(EMPLOYEES);
    expect(await page.locator('.grid-head').innerText()).not.toContain('integration');
    await screenshot(page, 'connect-employees-scoped');
    await scope.selectOption('');
    await expect
      .poll(async () => Number(/([\d,]+) shown/.exec(await page.getByText(/^[\d,]+ shown$/).innerText())?.[1]), { timeout: 60_000 })
      .toBe(2 * EMPLOYEES);
    expect(await page.locator('.grid-head').innerText()).toContain('integration');
    expect(await page.locator('.grid-row[role="row"]').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('hibob · Acme Corp')]));
  });

  it("shows the activation and the sync it started in the event's detail", async () => {
    const { page } = browser;
    await nav('Events').click();
    const activation = page.locator('.grid-row[data-seq]', { hasText: 'app.integration.activate' });
    await activation.first().click();
    const detail = page.getByRole('region', { name: 'Event detail' });
    await expect.poll(() => detail.innerText(), { timeout: 10_000 }).toMatch(/activated/);
    expect(await detail.innerText()).toMatch(/sync started/);
    await screenshot(page, 'connect-event-detail');
  });
});

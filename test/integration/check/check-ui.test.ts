/**
 * "Check a handler" in the UI, end to end: the built renderer in real Chromium, served by the real UI server
 * over a real Companion (CompanionApi `checkHandler` over HTTP), against a test handler that 500s on
 * duplicates: the scorecard shows every check, that one failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompanion } from '../../../electron/core/companion';
import type { CompanionService } from '../../../electron/core/companion-service';
import { silentLogger } from '../../../electron/core/log';
import { createHeadlessSecretStore } from '../../../electron/core/secrets/headless-secret-store';
import { startUiServer, type UiServer } from '../../../electron/core/ui-server';
import { launchChromium, screenshot, type Chromium } from '../../support/chromium';
import { PRODUCTION_KEY, removeDir, tempDir } from '../../support/core';
import { ensureRendererBuilt } from '../../support/renderer-build';
import { startHandler, type TestHandler } from './handlers';

let dir: string;
let companion: CompanionService;
let ui: UiServer;
let browser: Chromium;
let handler: TestHandler;

beforeAll(async () => {
  const staticDir = ensureRendererBuilt();
  dir = await tempDir();
  companion = await openCompanion({ dataDir: dir, port: 0, log: silentLogger, secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }), noTunnel: true });
  ui = await startUiServer({ api: companion, port: 0, staticDir });
  handler = await startHandler(PRODUCTION_KEY, 'fails-duplicates');
  await companion.saveForwardTargets({ targets: [{ url: handler.url, enabled: false, eventTypes: [] }] });
  browser = await launchChromium({ width: 1280, height: 900 });
  await browser.page.goto(ui.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await handler?.close();
  await companion?.close();
  if (dir) await removeDir(dir);
});

describe('Check a handler in Settings', () => {
  it('runs the suite against a forward target and shows the scorecard', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Settings/ }).click();
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
    await screenshot(page, 'settings-handler-check');
  });

  it('refuses an unknown target with a sentence', async () => {
    await expect(companion.checkHandler({ targetId: 'ft_nope', environment: 'production' })).rejects.toThrow('No forward target has the id ft_nope.');
  });
});

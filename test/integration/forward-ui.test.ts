/**
 * Forwarding and replay in the UI, end to end: the built renderer in real Chromium, served by the real UI
 * server over a real Companion, with a stand-in handler on loopback. Settings → Forwarding adds a target
 * (saved in the Companion), a Knit-signed delivery is forwarded to it, the event's detail lists the attempt,
 * and "Replay" sends it again and says how it was answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanionService } from '../../electron/core/companion';
import { screenshot, type Chromium } from '../support/chromium';
import { openCompanionUi, type CompanionUi } from '../support/companion-ui';
import { PRODUCTION_KEY, postSigned, profileData, recordEvent } from '../support/core';
import { startTarget, type Target } from './forward-target';

let app: CompanionUi;
let companion: CompanionService;
let browser: Chromium;
let handler: Target;

beforeAll(async () => {
  app = await openCompanionUi();
  ({ companion, browser } = app);
  handler = await startTarget(PRODUCTION_KEY, () => ({ status: 200, body: 'handled by my app' }));
  await browser.page.goto(app.ui.url);
}, 120_000);

afterAll(async () => {
  await handler?.close();
  await app?.close();
});

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });

describe('forwarding in the UI', () => {
  it('adds a forward target in Settings, saved in the Companion', async () => {
    const { page } = browser;
    await nav('Settings').click();
    await page.getByLabel('Add').fill(handler.url);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByRole('table', { name: 'Forward targets' }).getByText(handler.url).waitFor();
    await expect.poll(async () => (await companion.listForwardTargets()).map((t) => [t.url, t.enabled, t.session])).toEqual([[handler.url, true, false]]);
    await screenshot(page, 'settings-forwarding');
  });

  it('shows the forward attempt on the event, and replays it', async () => {
    const { page } = browser;
    expect((await postSigned(companion.listenerUrl, recordEvent('e_ui_1', 'record.new', 'r_ui_1', profileData('Ana', 'Okafor')))).status).toBe(200);
    await handler.waitFor(1);
    await nav('Events').click();
    await page.locator('.grid-row[data-event-id="e_ui_1"]').click();
    const attempts = page.getByRole('region', { name: 'Forward attempts' });
    await attempts.getByText('handled by my app').waitFor();
    expect(await attempts.innerText()).toContain('200');

    await page.getByRole('button', { name: 'Replay…' }).click();
    const form = page.getByRole('form', { name: 'Replay' });
    // the form loads the targets when it opens: the first enabled one fills `to` once they arrive
    await expect.poll(() => form.getByLabel('to').inputValue()).toBe(handler.url);
    await form.getByRole('button', { name: 'Replay', exact: true }).click();
    await form.getByText('1 of 1 answered 2xx').waitFor();
    expect(handler.received.map((r) => [r.eventId, r.signatureOk])).toEqual([
      ['e_ui_1', true],
      ['e_ui_1', true],
    ]);
    await expect.poll(async () => await attempts.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'event-forwards');
  });
});

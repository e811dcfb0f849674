/**
 * Settings → Forwarding → "Answers to Knit", end to end: the built renderer in real Chromium over the real UI
 * server and Companion. Pass-through to a forward target makes its handler's answer the listener's (and stops
 * forwarding to it); an answer rule saved there answers the first delivery 500; the event shows both, and the
 * run how many deliveries it took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanionService } from '../../../electron/core/companion';
import { screenshot, type Chromium } from '../../support/chromium';
import { openCompanionUi, type CompanionUi } from '../../support/companion-ui';
import { PRODUCTION_KEY, postSigned, profileData, recordEvent } from '../../support/core';
import { startTarget, type Target } from '../forward-target';

let app: CompanionUi;
let companion: CompanionService;
let browser: Chromium;
let handler: Target;

beforeAll(async () => {
  app = await openCompanionUi({ width: 1280, height: 900 });
  ({ companion, browser } = app);
  handler = await startTarget(PRODUCTION_KEY, () => ({ status: 409, body: 'my handler says no' }));
  await companion.saveForwardTargets({ targets: [{ url: handler.url, enabled: true, eventTypes: [] }] });
  await browser.page.goto(app.ui.url);
}, 120_000);

afterAll(async () => {
  await handler?.close();
  await app?.close();
});

describe('Answers to Knit in Settings', () => {
  it('pass-through to a forward target: its answer is the listener’s, forwarding to it stops; then an answer rule', async () => {
    const { page } = browser;
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    const section = page.getByRole('region', { name: 'Answers to Knit' });
    await section.getByLabel('pass-through to').selectOption({ label: handler.url });
    await section.getByRole('button', { name: 'Save answers' }).click();
    await section.getByText('Saved: applies from the next delivery.').waitFor();
    await expect.poll(async () => (await companion.listForwardTargets()).map((t) => t.enabled)).toEqual([false]);

    const answer = await postSigned(companion.listenerUrl, recordEvent('e_wb_1', 'record.new', 'r1', profileData('Ana', 'Okafor')));
    expect([answer.status, answer.body]).toEqual([409, 'my handler says no']);
    expect(handler.received.map((r) => r.eventId)).toEqual(['e_wb_1']); // passed through once, not forwarded too

    await section.getByLabel('pass-through to').selectOption({ label: 'off (the Companion answers)' });
    await section.getByLabel('answer rules').fill('500::1');
    await section.getByRole('button', { name: 'Save answers' }).click();
    await expect.poll(async () => (await companion.getWorkbench()).answerRules).toEqual(['500::1']);
    const body = recordEvent('e_wb_2', 'record.new', 'r2', profileData('Bo', 'Li'));
    expect((await postSigned(companion.listenerUrl, body)).status).toBe(500);
    expect((await postSigned(companion.listenerUrl, body)).status).toBe(200);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Events/ })
      .click();
    await page.locator('.grid-row[data-event-id="e_wb_2"]').click();
    const attempts = page.getByRole('region', { name: 'Forward attempts' });
    await attempts.getByText('rule 500::1').waitFor();
    expect(await attempts.innerText()).toContain('answered 500 on purpose');
    await screenshot(page, 'event-answers');

    // the run (both events are in sr_test) says how many deliveries it took
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Runs/ }).click();
    await page.getByText('3 deliveries for 2 events (1 redelivered)').waitFor();
  });

  it('Compose and send: a template edited, signed and sent to the listener; a stored event sent to the handler', async () => {
    const { page } = browser;
    await companion.saveWorkbench({ passThroughTargetId: null, passThroughTimeoutSeconds: 10, answerRules: [] });
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    const composer = page.getByRole('region', { name: 'Compose and send' });
    await composer.getByLabel('template').fill('record.new');
    await composer.getByRole('button', { name: 'Start from template' }).click();
    const editor = composer.getByLabel('Event body');
    const template = JSON.parse(await editor.inputValue()) as { eventId: string; eventData: { profile: { firstName: string } } };
    template.eventId = 'e_composed_ui';
    template.eventData.profile.firstName = 'Zoë';
    await editor.fill(JSON.stringify(template, null, 2));
    expect(await composer.getByLabel('to', { exact: true }).inputValue()).toBe(companion.listenerUrl);
    await composer.getByRole('button', { name: 'Sign and send' }).click();
    await composer.getByRole('status').getByText('200', { exact: true }).waitFor();
    const stored = await companion.getEvent({ eventId: 'e_composed_ui' });
    expect(stored?.body).toMatchObject({ eventData: { profile: { firstName: 'Zoë' } } });

    // An unknown stored event is said right under the field that named it, above the editor (not under Send).
    await composer.getByLabel('or stored event').fill('e_nope');
    await composer.getByRole('button', { name: 'Start from event' }).click();
    const notFound = composer.getByRole('alert').filter({ hasText: 'No stored event has the id e_nope.' });
    await notFound.waitFor();
    expect((await notFound.boundingBox())!.y).toBeLessThan((await editor.boundingBox())!.y);

    await composer.getByLabel('or stored event').fill('e_wb_1');
    await composer.getByRole('button', { name: 'Start from event' }).click();
    const storedBody = (await companion.getEvent({ eventId: 'e_wb_1' }))?.rawBody;
    await expect.poll(() => editor.inputValue()).toBe(storedBody); // loaded asynchronously
    await composer.getByLabel('to', { exact: true }).fill(handler.url);
    await composer.getByRole('button', { name: 'Sign and send' }).click();
    await composer.getByText('my handler says no').waitFor();
    expect(handler.received.at(-1)).toMatchObject({ eventId: 'e_wb_1', signatureOk: true });
    await screenshot(page, 'settings-composer');
  });

  it('refuses a rule that does not parse, with a sentence', async () => {
    await expect(companion.saveWorkbench({ passThroughTargetId: null, passThroughTimeoutSeconds: 10, answerRules: ['999'] })).rejects.toThrow(
      'STATUS must be a whole number from 100 to 599',
    );
  });
});

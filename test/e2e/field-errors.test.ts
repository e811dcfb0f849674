/**
 * Bad input in the forms shows its sentence beside the field it concerns (the UI server validates every call
 * with COMPANION_INPUTS and answers one sentence per field): the sync's destination, the reserved ngrok domain,
 * and an answer rule (named by its line). Found in a first-use pass where they showed under the buttons, as
 * a field path ("answerRules.0: …"), or not at all (any text was saved as a domain).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chromium } from '../support/chromium';
import { openFakeUi, type FakeUi } from '../support/fake-ui';

let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1280, height: 800 }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });
/** The text of the element that describes `field` (aria-describedby), or '' when none. */
const describedBy = async (field: ReturnType<Chromium['page']['locator']>): Promise<string> => {
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  if (!ids) return '';
  return browser.page.locator(`[id="${ids}"]`).innerText();
};

describe('errors beside their field', () => {
  it('Setup: a destination that is not a URL is explained under the destination field', async () => {
    const { page } = browser;
    await nav('Setup').click();
    const destination = page.getByLabel(/^Destination/);
    await destination.fill('not a url');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await expect.poll(() => describedBy(destination)).toBe('Enter an http:// or https:// URL.');
    expect(await destination.getAttribute('aria-invalid')).toBe('true');
    // Said once: not repeated under the buttons.
    expect(await page.locator('#sync-title').locator('..').getByText('Enter an http:// or https:// URL.').count()).toBe(1);
  });

  it('Settings: a reserved domain with a scheme is refused beside the domain field, and nothing is saved', async () => {
    const { page } = browser;
    await nav('Settings').click();
    const domain = page.getByLabel('Reserved ngrok domain (optional)');
    await domain.fill('https://my-app.ngrok.app/');
    await domain.locator('..').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => describedBy(domain)).toMatch(/^Enter a domain such as my-app\.ngrok\.app/);
    expect(ui.api.state.settings.ngrokDomain).toBeNull();
    await domain.fill('my-app.ngrok.app');
    await domain.locator('..').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => ui.api.state.settings.ngrokDomain).toBe('my-app.ngrok.app');
  });

  it('Settings → Answers to Knit: a bad rule is named by its line under the rules box', async () => {
    const { page } = browser;
    const rules = page.getByLabel('answer rules');
    await rules.fill('500::3\nfive hundred');
    await page.getByRole('button', { name: 'Save answers' }).click();
    await expect.poll(() => describedBy(rules)).toBe('Line 2 (five hundred): A rule is STATUS[:DELAY_MS][:TIMES][:EVENT_TYPES], e.g. 500::3 or 200:3000.');
    expect(await page.getByText(/answerRules\.1/).count()).toBe(0);
  });
});

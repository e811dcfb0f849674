/**
 * "Check again with current keys" in real Chromium against a real `knit-sync serve` (issue 14): deliveries
 * refused while no key was set show on the Runs screen ("2 deliveries refused — check again with current
 * keys"), lead to the Rejected screen, and once the key is saved the button stores them: they leave Rejected
 * and show in Events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_TOKEN_HEADER } from '../../electron/core/companion/control-server';
import { readLock } from '../../electron/core/store/lock';
import { launchChromium, screenshot, type Chromium } from '../support/chromium';
import { cliEnv, postSigned, PRODUCTION_KEY, recordEvent, removeDir, startServe, tempDir, type RunningServe } from '../support/core';
import { ensureRendererBuilt } from '../support/renderer-build';

let dir: string;
let serve: RunningServe;
let browser: Chromium;

beforeAll(async () => {
  ensureRendererBuilt();
  dir = await tempDir('knit-e2e-check-again-');
  serve = await startServe(['--data', dir], cliEnv({ KNIT_API_KEY: undefined }));
  for (const id of ['e_1', 'e_2']) expect((await postSigned(serve.url, recordEvent(id, 'record.new', `r_${id}`))).status).toBe(401);
  const ui = /^ui (\S+)$/m.exec(serve.stdout())?.[1];
  browser = await launchChromium({ width: 1280, height: 800 });
  await browser.page.goto(ui!);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (dir) await removeDir(dir);
});

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });

describe('Check again with current keys', () => {
  it('Runs names the refused deliveries; once the key is saved, the Rejected screen stores them', async () => {
    const { page } = browser;
    await nav('Runs').click();
    const note = page.getByRole('button', { name: '2 deliveries refused — check again with current keys' });
    await note.waitFor();
    await screenshot(page, 'check-again-runs');
    await note.click();
    const group = page.getByRole('group', { name: 'Check again with current keys' });
    await expect.poll(() => group.innerText()).toContain('2 refused deliveries are kept in full');

    const lock = await readLock(dir);
    await fetch(`${lock!.control}/control/setApiKey`, {
      method: 'POST',
      headers: { [CONTROL_TOKEN_HEADER]: lock!.token! },
      body: JSON.stringify({ environment: 'production', key: PRODUCTION_KEY }),
    });
    await group.getByRole('button', { name: 'Check again with current keys' }).click();
    await expect.poll(() => group.getByRole('status').innerText()).toBe('Checked 2: 2 stored, 0 already stored, 0 still refused.');
    await page.getByText('Nothing rejected').waitFor();
    await screenshot(page, 'check-again-done');
    await nav('Events').click();
    await expect.poll(() => page.locator('.grid-row[data-seq]').count()).toBe(2);
  });
});

/**
 * An open UI tab outlives its `serve` (real serve, real Chromium): while serve is down the tab says it is
 * reconnecting; once serve is back with a new token it says exactly what to do, and as soon as this browser
 * opens the new link the old tab recovers by itself with current data. Also: a value the Companion refuses
 * comes back as a sentence beside its field (Settings' retention).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium';
import { ensureRendererBuilt } from '../support/renderer-build';
import { postSigned, profileData, recordEvent, removeDir, startServe, tempDir, type RunningServe } from '../support/core';

let dir: string;
let uiPort: number;
let serve: RunningServe | null = null;
let browser: Chromium;

/** A port free right now on 127.0.0.1, so that both serves can take the same UI port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Starts serve on the folder and the fixed UI port; resolves with it and its printed `ui` link. */
async function start(): Promise<{ serve: RunningServe; ui: string }> {
  const running = await startServe(['--data', dir, '--no-tunnel', '--ui-port', String(uiPort)]);
  for (let i = 0; i < 200; i++) {
    const ui = /^ui (http:\/\/\S+)$/m.exec(running.stdout())?.[1];
    if (ui) return { serve: running, ui };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve printed no ui line: ${running.stderr()}`);
}

beforeAll(async () => {
  ensureRendererBuilt();
  dir = await tempDir();
  uiPort = await freePort();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop('SIGINT');
  await removeDir(dir);
});

describe('a UI tab across a serve restart', () => {
  it('says what happened and recovers once the new link was opened', async () => {
    const first = await start();
    serve = first.serve;
    const page = browser.page;
    await page.goto(first.ui);
    const received = page.locator('header').getByText(/\d+ received/);
    await postSigned(serve.url, recordEvent('e_before', 'record.new', 'r1', profileData('Ada', 'Lovelace')));
    await page.locator('header').getByText('1 received').waitFor();

    await serve.stop('SIGINT');
    serve = null;
    await page.getByText('connection lost, reconnecting…').waitFor();

    const second = await start();
    serve = second.serve;
    await postSigned(serve.url, recordEvent('e_after', 'record.new', 'r2', profileData('Grace', 'Hopper')));
    await page.getByText('serve was restarted: open the new ui link it printed').waitFor({ timeout: 20_000 });
    expect((await received.textContent())?.replace(/\s+/g, ' ').trim()).toBe('1 received'); // the old data, and said so

    const fresh = await browser.context.newPage();
    await fresh.goto(second.ui); // a tab of the same origin opens the new link: it hands the token to the old tab
    await page.locator('header').getByText('2 received').waitFor({ timeout: 20_000 });
    expect(await page.getByText(/serve was restarted|reconnecting/).count()).toBe(0);
    await fresh.close();
  }, 90_000);

  it('shows a refused value as a sentence beside its field', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel(/Keep events and employees for/).fill('1.5');
    await page.locator('#retention-days').locator('xpath=..').getByRole('button', { name: 'Save' }).click();
    const message = page.locator('#retention-days-error');
    await message.waitFor();
    expect(await message.innerText()).toBe('Retention must be a whole number of days.');
    expect(await page.locator('#retention-days').getAttribute('aria-invalid')).toBe('true');
  }, 30_000);
});

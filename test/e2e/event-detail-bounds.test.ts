/**
 * Hostile-shaped but correctly signed events open in real Chromium against a real `knit-sync serve`: a body
 * nested 100,000 levels deep and a 9 MB first name. The detail view renders a bounded tree (depth, string
 * length and node count), a bounded Raw view, and offers the whole body as a download. The figures (time to
 * open, JS heap) are printed, not asserted: they are a benchmark's business.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, type Chromium } from '../support/chromium';
import { postSigned, startServe, type RunningServe } from '../support/core';
import { ensureRendererBuilt } from '../support/renderer-build';

const DEPTH = 100_000;
const NAME_CHARS = 9_000_000;
const envelope = (eventId: string, recordId: string, eventData: string) =>
  `{"eventId":"${eventId}","eventType":"record.new","syncType":"delta_sync","syncDataType":"employee","syncJobId":"sj_b","syncRunId":"sr_b","recordId":"${recordId}","eventData":${eventData}}`;
const DEEP = envelope('e_deep', 'r_deep', `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`);
const BIG_NAME = envelope('e_big_name', 'r_big', JSON.stringify({ profile: { firstName: 'A'.repeat(NAME_CHARS), lastName: 'Long' } }));

let dir: string;
let serve: RunningServe;
let browser: Chromium;

beforeAll(async () => {
  ensureRendererBuilt();
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-e2e-bounds-'));
  serve = await startServe(['--data', dir, '--no-tunnel']);
  for (const body of [DEEP, BIG_NAME]) expect((await postSigned(serve.url, body)).status).toBe(200);
  const deadline = Date.now() + 30_000;
  const uiLine = (): RegExpExecArray | null => /^ui (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(serve.stdout());
  let ui = uiLine();
  while (!ui && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    ui = uiLine();
  }
  browser = await launchChromium({ width: 1280, height: 800 });
  await browser.page.goto(ui![1]!);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Opens an event's detail, unfolds the tree until `waitFor` shows, and resolves with the ms it took and the
 * page's JS heap after it (bytes).
 */
async function open(eventId: string, waitFor: string): Promise<{ ms: number; heap: number }> {
  const { page } = browser;
  const detail = page.getByRole('region', { name: 'Event detail' });
  const started = Date.now();
  const bodyTab = detail.getByRole('tab', { name: 'Body' });
  // The list's rows are recycled as its window answers arrive: a click that landed while the row showed
  // another event, or was being replaced, opens nothing; click again until the detail is open.
  const row = page.locator(`.grid-row[data-event-id="${eventId}"]`);
  const opened = async (): Promise<boolean> => (await row.getAttribute('aria-selected').catch(() => null)) === 'true' && (await bodyTab.isVisible());
  for (let i = 0; i < 5 && !(await opened()); i++) {
    await row.click();
    await bodyTab.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await bodyTab.click();
  await detail.getByText('Download body').waitFor({ timeout: 60_000 });
  const target = detail.getByText(waitFor).first();
  for (let i = 0; i < 40 && !(await target.isVisible()); i++) {
    await detail
      .getByRole('button', { name: /^Expand / })
      .last()
      .click();
  }
  await target.waitFor({ timeout: 5_000 });
  const ms = Date.now() - started;
  const cdp = await page.context().newCDPSession(page);
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return { ms, heap: usedSize };
}

describe('the event detail bounds what it renders', () => {
  it(`opens a body nested ${DEPTH.toLocaleString('en-US')} levels deep: the deeper levels are counted, Raw is bounded, the download is whole`, async () => {
    const { page } = browser;
    await page.locator('.grid-row[data-event-id="e_deep"]').waitFor({ timeout: 30_000 });
    const figures = await open('e_deep', 'nested too deep to show here');
    const detail = page.getByRole('region', { name: 'Event detail' });
    expect(await detail.locator('.json li').count()).toBeLessThan(200);
    await detail.getByRole('tab', { name: 'Raw' }).click();
    await detail.getByText(`Showing the first 100,000 of ${DEEP.length.toLocaleString('en-US')} characters`).waitFor();
    expect((await detail.locator('pre.raw').innerText()).length).toBe(100_000);
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: /^Download body/ }).click()]);
    expect(await readFile((await download.path())!, 'utf8')).toBe(DEEP);
    await screenshot(page, 'event-detail-deep');
    process.stderr.write(`event-detail-bounds: deep body (${DEPTH} levels) opened in ${figures.ms} ms, JS heap ${Math.round(figures.heap / 1e6)} MB\n`);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it('opens a 9 MB first name: the string is cut and says how much is left, the header and the row stay short', async () => {
    const { page } = browser;
    const detail = page.getByRole('region', { name: 'Event detail' });
    const figures = await open('e_big_name', 'more characters (see Raw, or download the body)');
    const text = await detail.innerText();
    expect(text).toContain(`${(NAME_CHARS - 1_000).toLocaleString('en-US')} more characters`);
    expect(text.length).toBeLessThan(20_000);
    expect((await page.locator('.grid-row[data-event-id="e_big_name"]').innerText()).length).toBeLessThan(500);
    await screenshot(page, 'event-detail-big-name');
    process.stderr.write(`event-detail-bounds: 9 MB name opened in ${figures.ms} ms, JS heap ${Math.round(figures.heap / 1e6)} MB\n`);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});

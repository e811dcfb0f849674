/**
 * The UI token stays with the UI server's origin (issue 14): cookies are not isolated by port, so a cookie set
 * by 127.0.0.1:<ui port> is sent to every other server on 127.0.0.1. In real Chromium: after the printed
 * `?token=` link is opened (and the page works), a page served by another local port receives no credential
 * in its requests and can read none, and the UI keeps working after a reload without the token in the URL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../support/chromium';
import { startFakeUi, type FakeUi } from '../support/fake-ui';

let ui: FakeUi;
let browser: Chromium;
let other: Server;
let otherPort: number;
/** Every request header block the other local server received. */
const seenByOther: Array<Record<string, string | string[] | undefined>> = [];

beforeAll(async () => {
  ui = await startFakeUi();
  other = createServer((req, res) => {
    seenByOther.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>another local server</title><p>hello');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherPort = (other.address() as AddressInfo).port;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await new Promise((resolve) => other?.close(resolve));
});

const grid = (): ReturnType<Chromium['page']['getByRole']> => browser.page.getByRole('grid', { name: 'Events, newest first' });

describe('the UI token and other local servers', () => {
  it('works from the printed link, then drops the token from the address bar', async () => {
    await browser.page.goto(ui.server.url);
    await grid().waitFor();
    await expect.poll(() => browser.page.locator('.grid-row[data-seq]').count()).toBeGreaterThan(0);
    expect(new URL(browser.page.url()).search).toBe('');
  });

  it('gives a page on another local port no usable credential', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${otherPort}/`);
    await page.evaluate(() => fetch('/probe'));
    // a string: this file is type-checked without the DOM lib
    const readable = String(await page.evaluate('[document.cookie, JSON.stringify(sessionStorage), JSON.stringify(localStorage)].join("\\n")'));
    await page.close();
    expect(seenByOther.length).toBeGreaterThanOrEqual(2);
    for (const headers of seenByOther) expect(JSON.stringify(headers)).not.toContain(ui.server.token);
    expect(seenByOther.map((h) => h.cookie ?? '')).toEqual(seenByOther.map(() => ''));
    expect(readable).not.toContain(ui.server.token);
  });

  it('keeps working after a reload without the token in the URL (sessionStorage of its own origin)', async () => {
    await browser.page.reload();
    await grid().waitFor();
    await expect.poll(() => browser.page.locator('.grid-row[data-seq]').count()).toBeGreaterThan(0);
    expect(browser.errors.filter((e) => /401|Not authorized/.test(e))).toEqual([]);
  });
});

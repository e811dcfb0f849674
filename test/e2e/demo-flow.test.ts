/**
 * The whole loop in real Chromium against the real `knit-sync demo` (the built-in Knit emulator as the `demo`
 * environment, no account, no network): Setup shows the preset environment and key, the user adds the
 * integration, picks models and a frequency and presses Start; the employees arrive live in Events, the initial
 * run reaches `completed` on Runs, a delta run's `record.modified` shows its field diff, an unsigned request shows
 * in Rejected with its reason; after a restart on the same folder everything is still there. Screenshots of
 * every screen go to test-results/screenshots/demo-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type Chromium } from '../support/chromium';
import { startDemo, stopDemo, type Demo } from '../support/demo-process';
import { closeDemoInChromium, openDemoInChromium } from '../support/demo-in-chromium';

const EMPLOYEES = 30;
/** The part of a DOM element the page function uses (this file is type-checked without the DOM lib). */
type WithAttributes = { getAttribute(name: string): string | null };

let dataDir: string;
let demo: Demo | null = null;
let browser: Chromium;

beforeAll(async () => {
  ({ dataDir, demo, browser } = await openDemoInChromium('demo', ['--employees', String(EMPLOYEES), '--seed', '7']));
}, 120_000);

afterAll(() => closeDemoInChromium({ dataDir, demo, browser }));

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });
const eventRows = () => browser.page.locator('.grid-row[data-seq]');
const connectionBar = async (): Promise<string> => (await browser.page.locator('.connbar').innerText()).replace(/\s+/g, ' ');
/** The count shown by a connection-bar figure, e.g. `received` in "1,204 received". */
const barCount = async (what: 'received' | 'rejected'): Promise<number> =>
  Number(new RegExp(`([\\d,]+) ${what}`).exec(await connectionBar())?.[1]?.replace(/,/g, '') ?? Number.NaN);
/** The total in the Events toolbar ("123 events" or "4 of 123"). */
const eventsTotal = async (): Promise<number> =>
  Number(
    /(?:of )?([\d,]+)(?: events)?$/
      .exec((await browser.page.getByRole('search', { name: 'Filter events' }).locator('[aria-live]').innerText()).trim())?.[1]
      ?.replace(/,/g, '') ?? Number.NaN,
  );

/** The count in the Employees toolbar ("28 shown"). */
const employeesShown = async (): Promise<number> =>
  Number(/([\d,]+) shown/.exec(await browser.page.getByText(/^[\d,]+ shown$/).innerText())?.[1]?.replace(/,/g, '') ?? Number.NaN);

/** What the page showed before the restart, to find again after it. */
const seen = { modifiedEventId: '', employeeName: '', received: 0, rejected: 0, runs: 0, employees: 0 };

describe('knit-sync demo in Chromium', () => {
  it('Setup shows the demo environment with its key set, and starts a sync of the integration the user adds', async () => {
    const { page } = browser;
    // Before any sync the Events screen says what to do next.
    await page.getByText('No events yet').waitFor();
    await nav('Setup').click();
    const active = page.getByLabel('Active environment');
    await active.waitFor();
    expect(await active.inputValue()).toBe('demo');
    const demoRow = page.locator('tr', { has: page.getByText('demo', { exact: true }) });
    await expect.poll(() => demoRow.innerText()).toMatch(/set, ends in \S{4}/);
    expect(await demoRow.innerText()).toMatch(/127\.0\.0\.1:\d+/);

    await page.getByLabel('Integration id').fill('int_demo');
    await page.getByLabel('Label').fill('Demo HRIS');
    await page.getByRole('button', { name: 'Add integration' }).click();
    await expect.poll(() => page.getByLabel('Integration', { exact: true }).inputValue()).toBe('int_demo');
    await page.getByLabel(/^Contact info/).uncheck();
    await page.getByRole('radio', { name: /High/ }).check();
    await screenshot(page, 'demo-setup-filled');
    await page.getByRole('button', { name: 'Start sync' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    const sync = await page.locator('#sync-title').locator('..').innerText();
    expect(sync).toContain('active');
    expect(sync).toMatch(/sj_/);
    await screenshot(page, 'demo-setup');
  });

  it('shows the employees arriving live in Events, newest first', async () => {
    const { page } = browser;
    await nav('Events').click();
    await page.getByRole('grid', { name: 'Events, newest first' }).waitFor();
    // Every employee's record.new of the initial sync (at least: sync events and deltas may follow).
    await expect.poll(() => page.getByRole('button', { name: 'new', exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'new', exact: true }).click();
    await expect.poll(eventsTotal, { timeout: 60_000 }).toBeGreaterThanOrEqual(EMPLOYEES);
    // The rows are asked of the Companion: wait for the filtered answer, not the unfiltered rows still shown.
    const filtered = async (): Promise<boolean> => {
      const rows = await eventRows().allInnerTexts();
      return rows.length >= Math.min(EMPLOYEES, 20) && rows.every((text) => /\bnew\b/u.test(text));
    };
    await expect.poll(filtered, { timeout: 30_000 }).toBe(true);
    const firstRow = await eventRows().first().innerText();
    expect(firstRow).toContain('new');
    expect(firstRow).toContain('demo'); // verified with the demo environment's key
    const seqs = await eventRows().evaluateAll((rows) => rows.map((r) => Number((r as unknown as WithAttributes).getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect((await eventRows().first().locator('[role="gridcell"][aria-colindex="7"]').innerText()).trim()).toMatch(/^\S+ \S+/u);
    await page.getByRole('button', { name: 'new', exact: true }).click();
    await screenshot(page, 'demo-events');
  });

  it('shows the initial run reaching completed on Runs', async () => {
    const { page } = browser;
    await nav('Runs').click();
    const initial = page.locator('table.data tbody tr', { hasText: 'initial_sync' });
    await expect.poll(() => initial.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => initial.innerText(), { timeout: 60_000 }).toContain('completed');
    const text = await initial.innerText();
    expect(text).toContain(`${EMPLOYEES} received`);
    expect(text).toMatch(new RegExp(`emitted ${EMPLOYEES}\\b`));
    await screenshot(page, 'demo-runs');
  });

  it('a delta run brings a record.modified whose diff shows the changed fields', async () => {
    const { page } = browser;
    await nav('Events').click();
    await page.getByRole('button', { name: 'modified', exact: true }).click();
    // The demo runs a delta every 10 s after the initial sync; not every delta changes a subscribed model.
    // Until the filtered answer arrives the list keeps the unfiltered rows: wait for a modified one.
    const firstIsModified = async (): Promise<boolean> => (await eventRows().count()) > 0 && /\bmodified\b/u.test(await eventRows().first().innerText());
    await expect.poll(firstIsModified, { timeout: 90_000 }).toBe(true);
    const row = eventRows().first();
    seen.modifiedEventId = (await row.getAttribute('data-event-id')) ?? '';
    expect(await row.innerText()).toContain('delta');
    await row.click();
    const detail = page.locator('section[aria-label="Event detail"]');
    await detail.getByRole('tab', { name: 'Diff' }).waitFor();
    const changes = page.locator('[aria-label="Field changes"]');
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toMatch(/- /);
    expect(text).toMatch(/\+ /);
    await screenshot(page, 'demo-event-diff');
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.locator('.json').first().waitFor();
    await screenshot(page, 'demo-event-body');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'modified', exact: true }).click();
  });

  it('shows an unsigned request in Rejected with its reason and how to fix it', async () => {
    const { page } = browser;
    const before = await barCount('rejected');
    const response = await fetch(demo!.listenerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-knit-integration-id': 'int_demo' },
      body: JSON.stringify({ eventId: 'ev_unsigned_1', eventType: 'record.new', eventData: {} }),
    });
    expect(response.status).toBe(401);
    await expect.poll(() => barCount('rejected')).toBe(before + 1);
    await nav('Rejected').click();
    await page.getByText('signature_missing').first().click();
    const detail = page.locator('section[aria-label="Rejected request detail"]');
    await detail.waitFor();
    const text = await detail.innerText();
    expect(text).toContain('401');
    expect(text).toContain('No X-Knit-Signature header');
    expect(text).toContain('How to fix');
    expect(text).toContain('ev_unsigned_1'); // the body preview
    await screenshot(page, 'demo-rejected');
  });

  it('shows Employees: directory, an employee with every model, departments chart and org tree', async () => {
    const { page } = browser;
    await nav('Employees').click();
    const grid = page.getByRole('grid', { name: 'Employees' });
    await grid.waitFor();
    await expect.poll(() => grid.locator('.grid-row').count()).toBeGreaterThanOrEqual(Math.min(EMPLOYEES - 5, 20));
    const first = grid.locator('.grid-row').first();
    seen.employeeName = (await first.locator('[role="cell"]').first().innerText()).trim();
    expect(seen.employeeName).toMatch(/^\S+ \S+/u);
    await first.click();
    const detail = page.locator('section[aria-label="Employee detail"]');
    await detail.getByText('Timeline').waitFor();
    const text = await detail.innerText();
    expect(text).toContain(seen.employeeName);
    expect(text).toMatch(/•••• \d{4}/); // bank account masked
    await screenshot(page, 'demo-employees');
    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'demo-employees-departments');
    await page.getByRole('tab', { name: 'Org tree' }).click();
    await page
      .locator('.tree')
      .getByRole('button', { name: /Collapse/ })
      .first()
      .waitFor();
    await screenshot(page, 'demo-employees-org-tree');
    await page.getByRole('tab', { name: 'Directory' }).click();
  });

  it('Settings renders, and the page had no console or CSP errors', async () => {
    const { page } = browser;
    await nav('Settings').click();
    await page.getByLabel('Reserved ngrok domain (optional)').waitFor();
    await screenshot(page, 'demo-settings');
    expect(browser.errors).toEqual([]);
  });

  it('after a restart on the same folder, everything is still there', async () => {
    const { page } = browser;
    // Stopped first, so no delta lands between reading the figures and the restart; the page keeps what it had.
    expect(await stopDemo(demo!)).toBe(0);
    await nav('Events').click();
    seen.received = await barCount('received');
    seen.rejected = await barCount('rejected');
    await nav('Runs').click();
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBeGreaterThan(0); // the screen has rendered
    seen.runs = await page.locator('table.data tbody tr').count();
    await nav('Employees').click();
    seen.employees = await employeesShown();

    demo = await startDemo(dataDir, ['--employees', String(EMPLOYEES), '--seed', '7']);
    // The old page keeps retrying its stopped server (each refused attempt is a console error): leave it first,
    // so that only the restarted page's errors count.
    await page.goto('about:blank');
    browser.errors.length = 0;
    await page.goto(demo.uiUrl); // a new per-run token
    await nav('Events').click();
    await page.getByRole('grid', { name: 'Events, newest first' }).waitFor();
    await expect.poll(() => barCount('received'), { timeout: 30_000 }).toBe(seen.received);
    expect(await eventsTotal()).toBe(seen.received);
    expect(await barCount('rejected')).toBe(seen.rejected);

    await page.getByRole('searchbox').fill(seen.employeeName);
    await expect.poll(() => eventRows().count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: 'modified', exact: true }).click();
    await page.locator(`.grid-row[data-event-id="${seen.modifiedEventId}"]`).click();
    await page.locator('[aria-label="Field changes"]').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'modified', exact: true }).click();

    await nav('Runs').click();
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBe(seen.runs);
    expect(await page.locator('table.data tbody tr', { hasText: 'initial_sync' }).innerText()).toContain('completed');

    await nav('Employees').click();
    await expect.poll(employeesShown).toBe(seen.employees);
    expect(await page.getByRole('grid', { name: 'Employees' }).innerText()).toContain(seen.employeeName);

    await nav('Rejected').click();
    await page.getByText('signature_missing').first().waitFor();
    await screenshot(page, 'demo-after-restart-rejected');
    await nav('Events').click();
    await screenshot(page, 'demo-after-restart-events');
    expect(browser.errors).toEqual([]);
  });
});

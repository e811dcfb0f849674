/**
 * The UI figures of `npm run bench:scale` (issue 17), in headless Chromium (test/support/chromium.ts) on a
 * running `serve`'s `ui` URL: first Events rows after the page loads, the page's JS heap, and the time from
 * a filter change, a typed search, an integration switch and a click on a row to the new rows / the event's
 * body on screen, then the Employees figures (scale-ui-employees.ts). Times are taken around the action and a wait that polls the page every ~2 ms.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { quantile } from './sender';
import { measureEmployeesUi, type EmployeeUiFigures } from './scale-ui-employees';

/** The UI figures at one size; times in ms (p95 of the samples), heap in MB. */
export interface UiFigures {
  firstRowsMs: number;
  heapMb: number;
  heapAfterGcMb: number;
  filterP95Ms: number;
  searchP95Ms: number;
  integrationP95Ms: number;
  openEventP95Ms: number;
  /** The Employees screen's figures (scale-ui-employees.ts), on the first of `integrations`. */
  employees: EmployeeUiFigures;
}

const GRID = `document.querySelector('[role="grid"][aria-label="Events, newest first"]')`;
const FIRST_ROW_ID = `(${GRID}?.querySelector('.grid-row[data-event-id]')?.getAttribute('data-event-id') ?? null)`;

/** Evaluates `expression` in the page until it is true (the page's CSP forbids waitForFunction's eval). */
async function until(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const p95 = (xs: number[]): number =>
  Math.round(
    quantile(
      [...xs].sort((a, b) => a - b),
      0.95,
    ),
  );

/**
 * Opens `uiUrl` and measures (see the file's comment). `integrations` are ids to switch between and `recordIds`
 * ids to search for; both exist in the folder.
 */
export async function measureUi(uiUrl: string, integrations: string[], recordIds: string[]): Promise<UiFigures> {
  const browser = await launchChromium({ width: 1280, height: 800 });
  try {
    const { page } = browser;
    const t0 = Date.now();
    await page.goto(uiUrl);
    await until(page, `${FIRST_ROW_ID} !== null`, 600_000);
    const firstRowsMs = Date.now() - t0;
    const cdp = await page.context().newCDPSession(page);
    await page.waitForTimeout(1000);

    /** Runs `act`, then waits until the first row is another event; returns the ms it took. */
    const timeToNewRows = async (act: () => Promise<void>): Promise<number> => {
      const before = await page.evaluate<string | null>(FIRST_ROW_ID);
      const start = Date.now();
      await act();
      await until(page, `${FIRST_ROW_ID} !== ${JSON.stringify(before)}`);
      return Date.now() - start;
    };
    const search = page.getByRole('searchbox');
    const searchMs: number[] = [];
    for (const recordId of recordIds) {
      searchMs.push(await timeToNewRows(() => search.fill(recordId)));
      searchMs.push(await timeToNewRows(() => search.fill('')));
    }
    const integrationMs: number[] = [];
    for (const id of integrations) integrationMs.push(await timeToNewRows(async () => void (await page.locator('#filter-integration').selectOption(id))));
    await page.locator('#filter-integration').selectOption('');
    const filterMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      // "sync" shows only sync.events.* (the folder has none: no first row); a second press shows every event again.
      const chip = page.getByRole('button', { name: 'sync', exact: true });
      const hide = Date.now();
      await chip.click();
      await until(page, `${FIRST_ROW_ID} === null`);
      filterMs.push(Date.now() - hide);
      filterMs.push(await timeToNewRows(() => chip.click()));
    }
    const openMs: number[] = [];
    const rows = page.locator('.grid-row[data-event-id]');
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      await rows.nth(i * 2).click();
      await page.locator('[role="tabpanel"] button', { hasText: 'Download body' }).waitFor({ timeout: 60_000 });
      openMs.push(Date.now() - start);
      await page.keyboard.press('Escape');
      await page.locator('[role="tabpanel"]').waitFor({ state: 'detached', timeout: 10_000 });
    }
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = await cdp.send('Runtime.getHeapUsage');
    const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
    const employees = await measureEmployeesUi(page, until, integrations[0]!, p95);
    return {
      firstRowsMs,
      heapMb: mb(heap.usedSize),
      heapAfterGcMb: mb(heapAfterGc.usedSize),
      filterP95Ms: p95(filterMs),
      searchP95Ms: p95(searchMs),
      integrationP95Ms: p95(integrationMs),
      openEventP95Ms: p95(openMs),
      employees,
    };
  } finally {
    await browser.close();
  }
}

/**
 * The Employees figures of `npm run bench:scale` (issue 17), on a page of the UI already open: directory first
 * rows after the screen is opened, the department chart, the org tree of the biggest integration and of every
 * integration at once, and opening an employee (p95). Each time is taken around the click and a wait that
 * polls the page every ~2 ms (scale-ui.ts `until`).
 */
import type { Page } from 'playwright-core';

/** The Employees figures at one size, in ms. */
export interface EmployeeUiFigures {
  directoryFirstRowsMs: number;
  departmentsMs: number;
  /** The org tree of `biggest` (one integration), then of all integrations. */
  orgTreeMs: number;
  orgTreeAllMs: number;
  openEmployeeP95Ms: number;
}

const GRID = `document.querySelector('[role="grid"][aria-label="Employees"]')`;
const FIRST_ROW = `(${GRID}?.querySelector('.grid-row[aria-rowindex="1"] [role="cell"]')?.textContent ?? null)`;
const CHART = `(document.querySelector('.recharts-surface') !== null)`;
const TREE = `(document.querySelector('.tree [aria-expanded], .tree .node') !== null)`;
const DETAIL = `(document.querySelector('section[aria-label="Employee detail"] h3') !== null)`;

/** Runs `act` and waits until `expression` holds in the page; the ms it took. */
type Timed = (act: () => Promise<void>, expression: string) => Promise<number>;

/**
 * Measures on `page` (any screen open) with `until` polling the page; `biggest` is the integration with the most
 * employees; `p95` the quantile helper of the caller.
 */
export async function measureEmployeesUi(
  page: Page,
  until: (page: Page, expression: string, timeoutMs?: number) => Promise<void>,
  biggest: string,
  p95: (xs: number[]) => number,
): Promise<EmployeeUiFigures> {
  const timed: Timed = async (act, expression) => {
    const start = Date.now();
    await act();
    await until(page, expression, 600_000);
    return Date.now() - start;
  };
  const tab = (name: string) => page.getByRole('tab', { name });
  const scope = page.locator('#employees-integration');
  const directoryFirstRowsMs = await timed(
    () =>
      page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Employees/ })
        .click(),
    `${FIRST_ROW} !== null`,
  );
  await scope.selectOption(biggest);
  const departmentsMs = await timed(() => tab('Departments').click(), CHART);
  await tab('Directory').click();
  await until(page, `${FIRST_ROW} !== null`);
  const orgTreeMs = await timed(() => tab('Org tree').click(), TREE);
  await tab('Directory').click();
  await until(page, `${FIRST_ROW} !== null`);
  await scope.selectOption('');
  await until(page, `${FIRST_ROW} !== null`);
  const orgTreeAllMs = await timed(() => tab('Org tree').click(), TREE);
  await tab('Directory').click();
  await until(page, `${FIRST_ROW} !== null`);
  const openMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    openMs.push(await timed(() => page.locator(`.grid-row[aria-rowindex="${i * 2 + 1}"]`).click(), DETAIL));
    await page.getByRole('button', { name: 'Close the employee detail' }).click();
    await until(page, `!${DETAIL}`);
  }
  return { directoryFirstRowsMs, departmentsMs, orgTreeMs, orgTreeAllMs, openEmployeeP95Ms: p95(openMs) };
}

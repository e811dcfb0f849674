/**
 * The Employees screen holds only what it shows (issue 17): with 3,000 employees stored it asks the Companion
 * for the rows in view (queryEmployees), the headcount (employeeDepartments) and the org tree a level at a
 * time (employeeOrgTree), never for the whole directory; scrolling, sorting, searching and live batches ask
 * again and show the right rows, and an open employee is asked again only when it changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmployeeWindowQuery, OrgTreeQuery } from '../../shared/api/employee-query';
import type { Chromium } from '../support/chromium';
import { DELTA_RUN, openFakeUi, type FakeUi } from '../support/fake-ui';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

let ui: FakeUi;
let browser: Chromium;
const people = fakePeople(3_000);
const collator = new Intl.Collator('en-US');
/** The names in the screen's first order (name ascending, ties first seen first). */
const byName = people.map((p) => `${p.firstName} ${p.lastName}`).sort(collator.compare);

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1280, height: 800 }, (api) => {
    // The seeded company's 24 are the same ids: they become these 3,000 (the seed's deleted one comes back).
    api.deliver(people.map((p) => recordEvent(DELTA_RUN, 'record.new', p.recordId, personData(p, people))));
  }));
  await browser.page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Employees/ })
    .click();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const asked = <T>(method: string): T[] => ui.api.calls.filter((c) => c.method === method).map((c) => c.input as T);
const rows = () => browser.page.getByRole('grid', { name: 'Employees' }).locator('.grid-row[role="row"]');
const nameAt = (index: number) =>
  browser.page
    .locator(`.grid-row[aria-rowindex="${index + 1}"] [role="cell"]`)
    .first()
    .innerText();

describe('the Employees screen window', () => {
  it('shows the first rows in name order and the counts without loading the directory', async () => {
    const { page } = browser;
    await page.getByText('3,000 shown', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'active 3000' }).waitFor();
    expect(await nameAt(0)).toBe(byName[0]);
    expect(await nameAt(5)).toBe(byName[5]);
    expect(ui.api.calls.some((c) => c.method === 'listEmployees')).toBe(false);
    expect(Math.max(...asked<EmployeeWindowQuery>('queryEmployees').map((q) => q.limit))).toBeLessThanOrEqual(200);
    expect(await rows().count()).toBeLessThanOrEqual(60);
  });

  it('asks for the rows scrolled to, and shows them at their place', async () => {
    const { page } = browser;
    await page.getByRole('grid', { name: 'Employees' }).evaluate((g) => ((g as unknown as { scrollTop: number }).scrollTop = 2_000 * 28));
    await expect.poll(() => asked<EmployeeWindowQuery>('queryEmployees').some((q) => q.offset > 1_800 && q.offset <= 2_000)).toBe(true);
    await page.locator('.grid-row[aria-rowindex="2002"]').waitFor();
    expect(await nameAt(2_001)).toBe(byName[2_001]);
  });

  it('sorts and searches in the Companion', async () => {
    const { page } = browser;
    await page.getByRole('columnheader', { name: /name/ }).getByRole('button').click();
    await expect.poll(() => asked<EmployeeWindowQuery>('queryEmployees').at(-1)?.sort).toEqual({ key: 'name', desc: true });
    await page.getByRole('grid', { name: 'Employees' }).evaluate((g) => ((g as unknown as { scrollTop: number }).scrollTop = 0));
    await expect.poll(() => nameAt(0)).toBe(byName.at(-1));
    await page.getByRole('searchbox').fill('emp_123');
    await page.getByText('10 shown', { exact: true }).waitFor();
    expect(asked<EmployeeWindowQuery>('queryEmployees').at(-1)?.filter.text).toBe('emp_123');
    await expect.poll(() => rows().count()).toBe(10);
    await page.getByRole('searchbox').fill('');
    await page.getByRole('columnheader', { name: /name/ }).getByRole('button').click();
    await page.getByText('3,000 shown', { exact: true }).waitFor();
  });

  it('follows live batches: counts, the deleted ones apart, and the open employee only when it changed', async () => {
    const { page } = browser;
    await page.locator('.grid-row[aria-rowindex="1"]').click();
    const detail = page.locator('section[aria-label="Employee detail"]');
    await detail.getByText('Timeline').waitFor();
    const openRef = asked<{ recordId: string }>('getEmployee').at(-1)!;
    const open = people.find((p) => p.recordId === openRef.recordId)!;
    const other = [...people].reverse().find((p) => p.recordId !== open.recordId)!; // a leaf of the org tree
    const gets = () => asked('getEmployee').length;
    const before = gets();
    ui.api.deliver([recordEvent(DELTA_RUN, 'record.deleted', other.recordId, { employeeId: other.recordId })]);
    await page.getByRole('button', { name: 'deleted 1' }).waitFor();
    await page.getByText('2,999 shown', { exact: true }).waitFor();
    expect(gets()).toBe(before);
    ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', open.recordId, personData({ ...open, designation: 'Chief Tester' }, people))]);
    await detail.getByText('Chief Tester').first().waitFor();
    expect(gets()).toBe(before + 1);
    await page.getByRole('button', { name: 'deleted 1' }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await nameAt(0)).toBe(`${other.firstName} ${other.lastName}`);
    await page.getByRole('button', { name: /^active / }).click();
  });

  it('shows the headcount and the org tree computed in the Companion, a level at a time', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Departments' }).click();
    const chart = page.getByRole('img', { name: /Engineering: \d+/ });
    await chart.waitFor();
    const engineering = people.filter((p) => p.department === 'Engineering').length;
    expect(await chart.getAttribute('aria-label')).toContain(`Engineering: ${engineering}`);
    expect(asked('employeeDepartments').length).toBeGreaterThan(0);

    await page.getByRole('tab', { name: 'Org tree' }).click();
    const ceo = page.locator('.tree').getByRole('button', { name: 'Collapse Ana Okafor' }).first();
    await ceo.waitFor();
    const closed = page
      .locator('.tree')
      .getByRole('button', { name: /^Expand / })
      .first();
    const name = (await closed.getAttribute('aria-label'))!.replace('Expand ', '');
    const levels = asked<OrgTreeQuery>('employeeOrgTree').length;
    await closed.click();
    await page
      .locator('.tree')
      .getByRole('button', { name: `Collapse ${name}` })
      .first()
      .waitFor();
    await expect.poll(() => asked<OrgTreeQuery>('employeeOrgTree').length).toBeGreaterThan(levels);
    expect(asked<OrgTreeQuery>('employeeOrgTree').at(-1)?.manager).not.toBeNull();
    expect(await page.locator('.tree').innerText()).toContain('1 top-level person');
  });
});

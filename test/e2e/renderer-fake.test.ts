/**
 * The built renderer in real Chromium, served by the real UI server over the in-memory FakeCompanion:
 * events arrive live, a record.modified shows its diff, Rejected explains a refusal, Setup calls startSync,
 * and every screen renders without console errors (CSP included). Screenshots of each screen go to
 * test-results/screenshots/ for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartSyncInput } from '../../shared/api/companion-api';
import { launchChromium, screenshot, type Chromium } from '../support/chromium';
import { DELTA_RUN, openFakeUi, type FakeUi } from '../support/fake-ui';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

/** The part of a DOM element these page functions use (this file is type-checked without the DOM lib). */
type Scrollable = { scrollTop: number };

let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1280, height: 800 }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

/** WCAG 2.x contrast ratio of a button's text against its background, both as computed, its opacity applied over `over` (the page's surface). */
async function buttonContrast(button: import('playwright-core').Locator): Promise<number> {
  const css = await button.evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string; opacity: string } }).getComputedStyle(el);
    const parent = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
      (el as unknown as { closest(s: string): unknown }).closest('section'),
    );
    return { color: style.color, background: style.backgroundColor, opacity: Number(style.opacity), over: parent.backgroundColor };
  });
  const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const blend = (c: number[], under: number[]): number[] => c.map((v, i) => v * css.opacity + under[i]! * (1 - css.opacity));
  const over = rgb(css.over);
  const luminance = (c: number[]): number => {
    const [r, g, b] = c.map((v) => {
      const x = v / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [luminance(blend(rgb(css.color), over)), luminance(blend(rgb(css.background), over))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

const nav = (name: string) => browser.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) });

describe('renderer over the fake Companion', () => {
  it('lands on Events (token taken from the link) and shows stored events newest first', async () => {
    const { page } = browser;
    expect(new URL(page.url()).search).toBe('');
    const rows = page.locator('.grid-row[data-seq]');
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    const firstSeq = Number(await rows.first().getAttribute('data-seq'));
    expect(firstSeq).toBe(ui.api.state.events.length);
    await screenshot(page, 'events');
  });

  it('shows rows arriving live at the top', async () => {
    const { page } = browser;
    const people = fakePeople(24);
    const p = people[5]!;
    const [added] = ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: 'Staff Engineer' }, people))]);
    const row = page.locator(`.grid-row[data-event-id="${added!.eventId}"]`);
    await row.waitFor();
    expect(await page.locator('.grid-row[data-seq]').first().getAttribute('data-event-id')).toBe(added!.eventId);
    const bar = async (): Promise<string> => (await page.locator('.connbar').innerText()).replace(/\s+/g, ' ');
    await expect.poll(bar).toContain(`${ui.api.state.events.length} received`);
  });

  it('scrolled away: keeps the view and the selection, and counts new events in a pill', async () => {
    const { page } = browser;
    const people = fakePeople(80);
    ui.api.deliver(people.slice(30).map((p) => recordEvent(DELTA_RUN, 'record.new', p.recordId, personData(p, people))));
    const viewport = page.getByRole('grid', { name: 'Events, newest first' });
    const events = ui.api.state.events;
    // The list asks the Companion for its rows: scroll only once it shows the newest (else the list may still
    // be too short to scroll that far, and the scroll position is clamped).
    await page.locator(`.grid-row[data-event-id="${events[events.length - 1]!.eventId}"]`).waitFor();
    await viewport.evaluate((el) => ((el as unknown as Scrollable).scrollTop = 600));
    await expect.poll(() => viewport.evaluate((el) => (el as unknown as Scrollable).scrollTop)).toBe(600);
    const targetId = events[events.length - 26]!.eventId; // row 25, newest first: inside the scrolled window
    const target = page.locator(`.grid-row[data-event-id="${targetId}"]`);
    // Rows are recycled: let the window settle on the new scroll position before clicking, or the element under
    // the pointer may show another event by the time the click lands.
    await target.waitFor();
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))'); // two frames, in the page
    await target.click();
    await expect.poll(() => page.locator('.grid-row[aria-selected="true"]').getAttribute('data-event-id')).toBe(targetId);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('section[aria-label="Event detail"]').count()).toBe(0);
    const topBefore = await page.locator(`.grid-row[data-event-id="${targetId}"]`).boundingBox();
    ui.api.deliver(people.slice(0, 3).map((p) => recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: 'Lead' }, people))));
    const pill = page.getByRole('button', { name: /3 new events/ });
    await pill.waitFor();
    const selected = page.locator('.grid-row[aria-selected="true"]');
    expect(await selected.getAttribute('data-event-id')).toBe(targetId);
    const topAfter = await selected.boundingBox();
    expect(Math.abs((topAfter?.y ?? 0) - (topBefore?.y ?? -100))).toBeLessThan(2);
    await screenshot(page, 'events-scrolled-pill');
    await pill.click();
    await expect.poll(() => viewport.evaluate((el) => (el as unknown as Scrollable).scrollTop)).toBe(0);
    await expect.poll(() => pill.count()).toBe(0);
  });

  it('opens a record.modified and shows its field-level diff', async () => {
    const { page } = browser;
    const modified = ui.api.state.events.find((e) => e.eventType === 'record.modified' && e.recordId === 'emp_0002')!;
    await page.getByRole('searchbox').fill('emp_0002');
    await page.locator(`.grid-row[data-event-id="${modified.eventId}"]`).click();
    const detail = page.getByRole('region', { name: 'Event detail' }).or(page.locator('section[aria-label="Event detail"]'));
    await detail.getByRole('tab', { name: 'Diff' }).waitFor();
    const changes = page.locator('[aria-label="Field changes"]');
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toContain('orgStructure.department');
    expect(text).toContain('- "Sales"');
    expect(text).toContain('+ "Finance"');
    await screenshot(page, 'events-diff');
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.locator('.json').getByText('orgStructure').first().waitFor();
    // Bank account numbers are masked until revealed.
    expect(await page.locator('.json').innerText()).not.toMatch(/PT5000020123/);
    await screenshot(page, 'events-body');
  });

  it('filters by type chip and text search, and moves the selection with the keyboard', async () => {
    const { page } = browser;
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: 'deleted', exact: true }).click();
    await expect.poll(() => page.locator('.grid-row[data-seq]').count()).toBe(1);
    await page.getByRole('button', { name: 'deleted', exact: true }).click();
    await page.keyboard.press('/');
    await page.getByRole('searchbox').fill('');
    await page.keyboard.type('emp_0004');
    await expect.poll(() => page.locator('.grid-row[data-seq]').count()).toBe(1);
    await page.getByRole('searchbox').fill('');
    await page
      .locator('.viewport')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = page.locator('.grid-row[aria-selected="true"]');
    await expect.poll(() => selected.count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.locator('section[aria-label="Event detail"]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('section[aria-label="Event detail"]').count()).toBe(0);
  });

  it('shows Runs with progress and awaited wording', async () => {
    const { page } = browser;
    await nav('Runs').click();
    const table = page.locator('table.data');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain('completed');
    expect(text).toContain('waiting for sync.events.processed');
    await screenshot(page, 'runs');
  });

  it('shows Employees: directory, departments chart, org tree and a masked employee', async () => {
    const { page } = browser;
    await nav('Employees').click();
    await page.getByRole('grid', { name: 'Employees' }).waitFor();
    await page.locator('.grid-row').first().click();
    await page.locator('section[aria-label="Employee detail"]').getByText('Timeline').waitFor();
    const detail = page.locator('section[aria-label="Employee detail"]');
    expect(await detail.innerText()).toMatch(/•••• \d{4}/);
    await detail
      .getByRole('button', { name: /^Reveal / })
      .first()
      .click();
    expect(await detail.innerText()).toMatch(/PT5000020123/);
    await screenshot(page, 'employees');
    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'employees-departments');
    await page.getByRole('tab', { name: 'Org tree' }).click();
    await page
      .locator('.tree')
      .getByRole('button', { name: /Collapse/ })
      .first()
      .waitFor();
    await screenshot(page, 'employees-org-tree');
  });

  it('shows a rejected request with its reason and how to fix it', async () => {
    const { page } = browser;
    await nav('Rejected').click();
    await page.getByText('signature_missing').first().click();
    const detail = page.locator('section[aria-label="Rejected request detail"]');
    await detail.waitFor();
    const text = await detail.innerText();
    expect(text).toContain('No X-Knit-Signature header');
    expect(text).toContain('How to fix');
    await screenshot(page, 'rejected');
  });

  it('Setup: saves a key and starts a sync with the chosen models and frequency', async () => {
    const { page } = browser;
    await nav('Setup').click();
    await page.getByLabel('API key for production').waitFor();
    await screenshot(page, 'setup-top');
    await page.getByLabel('API key for production').fill('prod_key_1234abcd');
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.getByText('ends in').first().waitFor();
    expect(ui.api.state.status.environments.find((e) => e.name === 'production')?.keyLast4).toBe('abcd');
    // The field is cleared once the save resolved, which can land a frame after the status shows the key is set.
    await expect.poll(async () => (await page.content()).includes('prod_key_1234abcd'), { timeout: 5_000 }).toBe(false);

    await page.getByLabel(/^Contact info/).uncheck();
    await page.getByRole('radio', { name: /High: every 6 h/ }).check();
    await page.getByRole('button', { name: 'Start sync' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    const call = ui.api.calls.find((c) => c.method === 'startSync')!.input as StartSyncInput;
    expect(call).toMatchObject({
      integrationId: 'int_demo_1',
      environment: 'sandbox',
      frequency: 'high',
      destination: 'https://calm-otter-42.ngrok-free.app/knithook',
    });
    expect([...call.models].sort()).toEqual(['employee_bankAccount', 'employee_dependent', 'employee_location', 'employee_orgStructure', 'employee_profile']);
    expect(await page.locator('#sync-title').locator('..').innerText()).toContain('sj_int_demo_1_1');
    await screenshot(page, 'setup');
  });

  it('Setup says where each key comes from, shows an unreadable key with a field to enter it again, and checks the length with the schema', async () => {
    const { page } = browser;
    await nav('Setup').click();
    const status = ui.api.state.status;
    const production = status.environments.find((e) => e.name === 'production')!;
    const sandbox = status.environments.find((e) => e.name === 'sandbox')!;
    Object.assign(production, {
      keySet: true,
      keyLast4: '9999',
      key: { state: 'set', source: 'environment-variable', variable: 'KNIT_API_KEY', savedIgnored: true, last4: '9999' },
    });
    Object.assign(sandbox, { keySet: false, keyLast4: null, key: { state: 'unreadable', source: 'saved', variable: null, savedIgnored: false, last4: null } });
    ui.api.push({ status: structuredClone(status) });
    const row = (name: string) =>
      page.locator('section[aria-labelledby="env-title"] tr').filter({ has: page.locator('strong', { hasText: new RegExp(`^${name}$`) }) });
    await expect.poll(() => row('production').innerText()).toMatch(/set, ends in 9999, from the environment variable KNIT_API_KEY/);
    expect(await row('production').innerText()).toMatch(
      /KNIT_API_KEY is set when the Companion starts and wins over a value saved here: the saved one is not used\./,
    );
    expect(await row('production').getByRole('button', { name: 'Change' }).count()).toBe(0);
    expect(await row('sandbox').innerText()).toMatch(/The saved API key for sandbox cannot be read .* Enter it again\./);
    const field = page.getByLabel('API key for sandbox');
    const save = row('sandbox').getByRole('button', { name: 'Save key' });
    await field.fill('  1234567  '); // 7 characters once trimmed: below the schema's minimum
    expect(await save.isDisabled()).toBe(true);
    expect(await row('sandbox').innerText()).toContain('at least 8 characters');
    await field.fill('sandbox_key_again_4321');
    await save.click();
    await expect.poll(() => row('sandbox').innerText()).toMatch(/set, ends in 4321, saved here/);
    await screenshot(page, 'setup-key-sources');
  });

  it('shows a store problem as a banner that dismisses on the Companion', async () => {
    const { page } = browser;
    const status = ui.api.state.status;
    status.problems = [
      {
        id: 'p1',
        at: new Date().toISOString(),
        kind: 'torn-journal',
        message: 'The last line of the journal was cut off and was set aside.',
        setAsidePath: '/tmp/journal.torn',
      },
    ];
    ui.api.push({ status: structuredClone(status) });
    const banner = page.getByRole('alert').filter({ hasText: 'journal was cut off' });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(ui.api.calls.some((c) => c.method === 'dismissProblem')).toBe(true);
  });

  it('Settings renders, and the page had no console or CSP errors', async () => {
    const { page } = browser;
    await nav('Settings').click();
    await page.getByLabel('Reserved ngrok domain (optional)').waitFor();
    await screenshot(page, 'settings');
    expect(browser.errors).toEqual([]);
  });

  it('Settings → Export: the employees CSV holds the rows the CLI exports (no deleted ones) unless asked', async () => {
    const { page } = browser;
    await nav('Settings').click();
    const exports = () => ui.api.calls.filter((c) => c.method === 'exportData').map((c) => c.input);
    const before = exports().length;
    await page.getByRole('button', { name: 'Employees CSV' }).click();
    await expect.poll(() => exports().length).toBe(before + 1);
    expect(exports().at(-1)).toEqual({ kind: 'employees', format: 'csv', includeDeleted: false });
    await page.getByLabel('include deleted employees').check();
    await page.getByRole('button', { name: 'Employees CSV' }).click();
    await expect.poll(() => exports().length).toBe(before + 2);
    expect(exports().at(-1)).toEqual({ kind: 'employees', format: 'csv', includeDeleted: true });
  });

  it('Settings → Forwarding: a target typed without http:// is fixed and said so; the button stays readable (AA) when hovered and disabled', async () => {
    const { page } = browser;
    await nav('Settings').click();
    const add = page.getByRole('button', { name: 'Add target' });
    await page.getByLabel('Add', { exact: true }).fill('localhost:3000/knithook');
    await add.hover();
    expect(await buttonContrast(add)).toBeGreaterThanOrEqual(4.5);
    await add.click();
    await page.getByText('Added http:// in front: forwarding to http://localhost:3000/knithook.').waitFor();
    const call = ui.api.calls.find((c) => c.method === 'saveForwardTargets')!.input as { targets: Array<{ url: string }> };
    expect(call.targets.map((t) => t.url)).toContain('http://localhost:3000/knithook');
    expect(await add.isDisabled()).toBe(true); // the field was cleared
    expect(await buttonContrast(add)).toBeGreaterThanOrEqual(4.5);
    await page.getByLabel('Add', { exact: true }).fill('ftp://files.example.com');
    await add.click();
    await page.getByRole('alert').filter({ hasText: 'Enter a full http:// or https:// URL, e.g. http://localhost:3000/knithook' }).waitFor();
    await page.getByLabel('Add', { exact: true }).fill('');
  });

  it('Settings says why the saved ngrok mode is not running when this run has no tunnel', async () => {
    const { page } = browser;
    const status = ui.api.state.status;
    const before = structuredClone(status.tunnel);
    status.tunnel = { ...status.tunnel, mode: 'off', state: 'off', publicUrl: null };
    ui.api.push({ status: structuredClone(status) });
    await page.getByRole('note').filter({ hasText: 'The tunnel is off in this run' }).waitFor();
    await screenshot(page, 'settings-no-tunnel');
    status.tunnel = before;
    ui.api.push({ status: structuredClone(status) });
  });

  it('Setup lists an integration that only has a job and opens the sync form on it', async () => {
    const { page } = browser;
    const started = ui.api.state.jobs.get('int_demo_1')!;
    const job = { ...started, integrationId: 'int_job_only', syncJobId: 'sj_job_only', updatedAt: new Date(Date.now() + 60_000).toISOString() };
    ui.api.state.jobs.set(job.integrationId, job);
    ui.api.push({ jobs: [job] });
    await nav('Setup').click();
    const integrations = page.locator('#int-title').locator('..');
    await integrations.getByText('(no label: known from its sync job)').waitFor();
    await expect.poll(() => page.getByLabel('Integration', { exact: true }).inputValue()).toBe('int_job_only');
    await screenshot(page, 'setup-job-only');
    await integrations.getByRole('button', { name: 'Add a label' }).click();
    await page.getByLabel('Label').fill('Workday (job only)');
    await page.getByRole('button', { name: 'Save label' }).click();
    await integrations.getByText('Workday (job only)').waitFor();
  });

  it('dark mode and 1024 px wide', async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1024, height: 720 });
    await nav('Events').click();
    await page.locator('.grid-row[data-seq]').first().click();
    await page.locator('section[aria-label="Event detail"]').waitFor();
    await screenshot(page, 'events-dark-1024');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
  it('dark mode: the primary button stays readable (AA) when hovered and disabled', async () => {
    const { page } = browser;
    await nav('Settings').click();
    const add = page.getByRole('button', { name: 'Add target' });
    expect(await buttonContrast(add)).toBeGreaterThanOrEqual(4.5);
    await page.getByLabel('Add', { exact: true }).fill('http://localhost:3000/other');
    await add.hover();
    expect(await buttonContrast(add)).toBeGreaterThanOrEqual(4.5);
    await page.getByLabel('Add', { exact: true }).fill('');
  });
  it('Runs at 1024 px: start and end times stay on one line', async () => {
    const { page } = browser;
    await nav('Runs').click();
    const times = page.locator('table.data tbody tr').first().locator('td').nth(2).locator('time');
    await times.first().waitFor();
    // Each time is one line box (a wrapped time has one client rect per line); the dated form wrapped.
    const lines = await times.evaluateAll((els) => els.map((el) => (el as unknown as { getClientRects(): { length: number } }).getClientRects().length));
    expect(new Set(lines)).toEqual(new Set([1]));
    await screenshot(page, 'runs-dark-1024');
  });
  it("Setup: shows Knit's error inline", async () => {
    const { page } = browser;
    await nav('Setup').click();
    await page.getByLabel('Integration id').fill('int_prod_2');
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByLabel('Integration', { exact: true }).selectOption('int_prod_2');
    ui.api.startSync = async () => {
      throw new Error('Knit refused the request: the API key is not valid for this environment.');
    };
    await page.getByRole('button', { name: 'Start sync' }).click();
    await page.getByRole('alert').filter({ hasText: 'Knit refused the request' }).waitFor();
  });
});

describe('renderer without the token', () => {
  it('serves no data and says how to get in', async () => {
    const other = await launchChromium();
    try {
      await other.page.goto(`http://127.0.0.1:${ui.server.port}/`);
      await other.page.getByRole('alert').filter({ hasText: 'Not authorized' }).waitFor();
      expect(await other.page.locator('.grid-row[data-seq]').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});

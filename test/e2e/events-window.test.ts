/**
 * The Events list holds only the window it shows (issue 17): with over 3,000 events stored it asks the Companion
 * for the rows in view plus overscan (queryEvents), never for every event; scrolling, filtering and searching
 * ask again and show the right rows, and the counts come from the Companion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventWindowQuery } from '../../shared/api/event-filter';
import type { Chromium } from '../support/chromium';
import { DELTA_RUN, openFakeUi, type FakeUi } from '../support/fake-ui';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

let ui: FakeUi;
let browser: Chromium;
const people = fakePeople(3_000);
/** Events stored once the test's are added (the fake UI starts with a few of its own). */
let stored = 0;
const count = (n: number): string => n.toLocaleString('en-US');

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1280, height: 800 }, (api) => {
    api.deliver(people.map((p) => recordEvent(DELTA_RUN, 'record.new', p.recordId, personData(p, people))));
    stored = api.state.events.length;
  }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const asked = (): EventWindowQuery[] => ui.api.calls.filter((c) => c.method === 'queryEvents').map((c) => c.input as EventWindowQuery);
const firstRowSeq = () => browser.page.locator('.grid-row[data-seq]').first().getAttribute('data-seq');

describe('the events list window', () => {
  it('shows the newest rows and the count without loading every event', async () => {
    const { page } = browser;
    await page.getByText(`${count(stored)} events`, { exact: true }).waitFor();
    expect(await firstRowSeq()).toBe(String(stored));
    expect(ui.api.calls.some((c) => c.method === 'listEvents')).toBe(false);
    expect(Math.max(...asked().map((q) => q.limit))).toBeLessThanOrEqual(60);
    expect(await page.locator('.grid-row[data-seq]').count()).toBeLessThanOrEqual(60);
  });

  it('asks for the rows scrolled to, and shows them at their place', async () => {
    const { page } = browser;
    await page.getByRole('grid', { name: 'Events, newest first' }).evaluate((g) => ((g as unknown as { scrollTop: number }).scrollTop = 1_000 * 28));
    await expect.poll(() => asked().some((q) => q.offset > 900 && q.offset <= 1_000)).toBe(true);
    const row = page.locator('.grid-row[aria-rowindex="1002"]');
    await row.waitFor();
    expect(await row.getAttribute('data-seq')).toBe(String(stored - 1_000));
  });

  it('filters and searches in the Companion and counts what matches', async () => {
    const { page } = browser;
    const target = people[1_234]!;
    const matching = ui.api.state.events.filter((e) => e.recordId?.includes(target.recordId) || e.email?.includes(target.recordId)).length;
    expect(matching).toBeGreaterThan(0);
    expect(matching).toBeLessThan(20);
    await page.getByRole('searchbox').fill(target.recordId);
    await page.getByText(`${count(matching)} of ${count(stored)}`, { exact: true }).waitFor();
    expect(asked().at(-1)?.filter.text).toBe(target.recordId);
    await expect.poll(() => page.locator('.grid-row[data-seq]').count()).toBe(matching);
    await page.getByRole('searchbox').fill('');
    const sync = ui.api.state.events.filter((e) => e.category === 'sync').length;
    await page.getByRole('button', { name: 'sync', exact: true }).click();
    await page.getByText(`${count(sync)} of ${count(stored)}`, { exact: true }).waitFor();
    await expect.poll(() => page.locator('.grid-row[data-seq]').count()).toBe(Math.min(sync, 30));
    await page.getByRole('searchbox').fill(target.recordId);
    await page.getByText('No event matches these filters.').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: 'sync', exact: true }).click();
    await page.getByText(`${count(stored)} events`, { exact: true }).waitFor();
  });

  it('a new event shows at the top while following', async () => {
    const { page } = browser;
    await page.getByRole('grid', { name: 'Events, newest first' }).evaluate((g) => ((g as unknown as { scrollTop: number }).scrollTop = 0));
    const p = people[7]!;
    ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: 'Moved' }, people))]);
    await expect.poll(firstRowSeq).toBe(String(stored + 1));
    await page.getByText(`${count(stored + 1)} events`, { exact: true }).waitFor();
  });
});

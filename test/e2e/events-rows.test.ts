/**
 * The events list's recycled rows (EventRow.tsx, keyed by place in the window) in real Chromium over the
 * fake Companion: a cell never spills into the next column, the copy button of the selected row stays
 * inside its cell (so it and its focus ring are visible) at 1024 px with the detail open, a row element
 * that shows another event does not keep the previous event's time in its tooltip, j/k from the copy button
 * keeps keyboard focus in the list, the grid's ARIA roles and column indexes are coherent when a row leaves
 * its flags cell out, and a retry count of hundreds or more stays inside its cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type Chromium } from '../support/chromium';
import { DELTA_RUN, openFakeUi, type FakeUi } from '../support/fake-ui';
import type { EventSummary } from '../../shared/api/types';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

/** The parts of DOM elements these page functions use (this file is type-checked without the DOM lib). */
type Box = { left: number; right: number };
type El = { getBoundingClientRect(): Box; getAttribute(name: string): string | null; title: string; closest(selector: string): El };
type Doc = { activeElement: (El & { tagName: string }) | null; createRange(): { selectNodeContents(node: unknown): void; getBoundingClientRect(): Box } };
/** The aria-colindex and left edge of each element matched. */
const columns = (els: unknown[]) =>
  els.map((c) => ({ col: Number((c as El).getAttribute('aria-colindex')), left: Math.round((c as El).getBoundingClientRect().left) }));

let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1024, height: 720 }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const people = fakePeople(24);
const rows = () => browser.page.locator('.grid-row[data-seq]');

describe('events list rows', () => {
  it('an unknown event type with a long name stays inside the type column', async () => {
    const { page } = browser;
    const body = { ...recordEvent(DELTA_RUN, 'record.new', 'emp_0003', personData(people[2]!, people)), eventType: 'record.someVeryLongUndocumentedEventType' };
    const [added] = ui.api.deliver([body], { flags: [{ code: 'unknown-type', message: 'Not one of Knit\u2019s documented event types.' }] });
    const row = page.locator(`.grid-row[data-event-id="${added!.eventId}"]`);
    await row.waitFor();
    const [type, sync] = await row
      .locator('[role=gridcell]')
      .evaluateAll((cells) => cells.slice(1, 3).map((c) => (c as unknown as El).getBoundingClientRect()));
    await screenshot(page, 'events-rows-unknown-type');
    expect(type!.right).toBeLessThanOrEqual(sync!.left);
  });

  it('the selected row\u2019s copy button stays inside its recordId cell with the detail open at 1024 px', async () => {
    const { page } = browser;
    const recordId = 'emp_with_a_long_record_identifier_0042';
    const [added] = ui.api.deliver([recordEvent(DELTA_RUN, 'record.new', recordId, personData({ ...people[4]!, recordId }, people))]);
    await page.locator(`.grid-row[data-event-id="${added!.eventId}"]`).click();
    await page.locator('section[aria-label="Event detail"]').waitFor();
    const copy = page.locator('.grid-row[aria-selected="true"] [role=gridcell] button');
    await copy.waitFor();
    const [button, cell] = await copy.evaluate((b) => {
      const el = b as unknown as El;
      return [el.getBoundingClientRect(), el.closest('[role=gridcell]').getBoundingClientRect()];
    });
    await screenshot(page, 'events-rows-selected-1024');
    expect(button!.left).toBeGreaterThanOrEqual(cell!.left);
    expect(button!.right).toBeLessThanOrEqual(cell!.right);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('section[aria-label="Event detail"]').count()).toBe(0);
  });

  it('a row showing a newer event under a still mouse gives that event\u2019s time on hover', async () => {
    const { page } = browser;
    const time = rows().first().locator('time');
    await time.hover();
    const at = (await time.boundingBox())!;
    const under = () =>
      page.evaluate(
        ([x, y]) => {
          const doc = globalThis as unknown as { document: { elementFromPoint(x: number, y: number): El } };
          const t = doc.document.elementFromPoint(x!, y!).closest('time');
          return { eventId: t.closest('[role=row]').getAttribute('data-event-id'), datetime: t.getAttribute('datetime'), title: t.title };
        },
        [at.x + at.width / 2, at.y + at.height / 2],
      );
    const before = await under();
    expect(before.title.startsWith(`${before.datetime} (`)).toBe(true);
    // Following at the top: the same row element now shows the new event, received later.
    await new Promise((r) => setTimeout(r, 5));
    const p = people[5]!;
    const [added] = ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: 'Principal' }, people))]);
    await expect.poll(async () => (await under()).eventId).toBe(added!.eventId);
    const after = await under();
    expect(after.datetime).not.toBe(before.datetime);
    expect(after.title.startsWith(`${after.datetime} (`)).toBe(true);
  });

  it('j/k pressed on the selected row’s copy button keep keyboard focus in the list', async () => {
    const { page } = browser;
    const grid = page.getByRole('grid', { name: 'Events, newest first' });
    const withRecord = rows().filter({ hasNot: page.locator('.type.sync') });
    await withRecord.nth(1).click();
    await page.mouse.move(1, 1); // no row hovered: only the selection shows a copy button, as for a keyboard user
    const copy = page.locator('.grid-row[aria-selected="true"] button[aria-label^="Copy"]');
    await copy.focus();
    const before = await page.locator('.grid-row[aria-selected="true"]').getAttribute('data-event-id');
    const focusInGrid = () =>
      grid.evaluate((g) => {
        const active = (globalThis as unknown as { document: Doc }).document.activeElement;
        return active !== null && active.closest('[role=grid]') === (g as unknown as El);
      });
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('.grid-row[aria-selected="true"]').getAttribute('data-event-id')).not.toBe(before);
    expect(await focusInGrid()).toBe(true);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('.grid-row[aria-selected="true"]').getAttribute('data-event-id')).toBe(before);
    expect(await focusInGrid()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('section[aria-label="Event detail"]').count()).toBe(0);
  });

  it('the grid, its header, rows and cells have coherent ARIA roles and column indexes (a row without flags leaves its cell out)', async () => {
    const { page } = browser;
    const grid = page.getByRole('grid', { name: 'Events, newest first' });
    const colcount = Number(await grid.getAttribute('aria-colcount'));
    const headers = await grid.getByRole('columnheader').evaluateAll(columns);
    expect(headers.map((h) => h.col)).toEqual(Array.from({ length: colcount }, (_, i) => i + 1));
    expect(colcount).toBe(9);
    await expect.poll(async () => Number(await grid.getAttribute('aria-rowcount'))).toBe(ui.api.state.events.length + 1);
    expect(await grid.locator('.grid-head').getAttribute('aria-rowindex')).toBe('1');
    // Every row under the grid is a row (through a rowgroup); each cell a gridcell under the header of its column.
    expect(await grid.getByRole('row').count()).toBe((await rows().count()) + 1);
    expect(await grid.locator('.grid-row[data-seq] > :not([role=gridcell])').count()).toBe(0);
    const flagged = rows()
      .filter({ has: page.locator('.warn-mark') })
      .first();
    const plain = rows()
      .filter({ hasNot: page.locator('.warn-mark') })
      .first();
    const plainCells = await plain.getByRole('gridcell').evaluateAll(columns);
    expect(plainCells.map((c) => c.col)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const flaggedCells = await flagged.getByRole('gridcell').evaluateAll(columns);
    expect(flaggedCells.map((c) => c.col)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const cell of [...plainCells, ...flaggedCells]) expect(cell.left).toBe(headers[cell.col - 1]!.left);
    const indexes = await rows().evaluateAll((rs) => rs.map((r) => Number((r as El).getAttribute('aria-rowindex'))));
    expect(indexes[0]).toBe(2);
    expect(indexes).toEqual(indexes.map((_, i) => i + 2));
  });

  it('a retry count of hundreds or thousands stays inside its cell', async () => {
    const { page } = browser;
    const p = people[6]!;
    const [added] = ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: 'Retried' }, people))]);
    const cell = page.locator(`.grid-row[data-event-id="${added!.eventId}"] [role=gridcell][aria-colindex="8"]`);
    for (const retries of [123, 12_345]) {
      const changed: EventSummary = { ...added!, retries };
      ui.api.push({ eventsChanged: [changed] });
      await expect.poll(() => cell.getAttribute('title')).toBe(`${retries.toLocaleString('en-US')} retries`);
      const [text, box] = await cell.evaluate((c) => {
        const range = (globalThis as unknown as { document: Doc }).document.createRange();
        range.selectNodeContents(c);
        return [range.getBoundingClientRect(), (c as El).getBoundingClientRect()];
      });
      expect(text!.right).toBeLessThanOrEqual(box!.right);
      expect(text!.left).toBeGreaterThanOrEqual(box!.left);
    }
    await screenshot(page, 'events-rows-retries');
  });
});

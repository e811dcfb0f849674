/**
 * The events list's recycled rows (EventRow.tsx, keyed by place in the window) in real Chromium over the
 * fake Companion: a cell never spills into the next column, the copy button of the selected row stays
 * inside its cell (so it and its focus ring are visible) at 1024 px with the detail open, and a row element
 * that shows another event does not keep the previous event's time in its tooltip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, type Chromium } from '../support/chromium';
import { DELTA_RUN, startFakeUi, type FakeUi } from '../support/fake-ui';
import { fakePeople, personData, recordEvent } from '../support/fake-knit-events';

/** The parts of DOM elements these page functions use (this file is type-checked without the DOM lib). */
type Box = { left: number; right: number };
type El = { getBoundingClientRect(): Box; getAttribute(name: string): string | null; title: string; closest(selector: string): El };

let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  ui = await startFakeUi();
  browser = await launchChromium({ width: 1024, height: 720 });
  await browser.page.goto(ui.server.url);
  await browser.page.getByRole('grid', { name: 'Events, newest first' }).waitFor();
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
    const [type, sync] = await row.locator('[role=cell]').evaluateAll((cells) => cells.slice(1, 3).map((c) => (c as unknown as El).getBoundingClientRect()));
    await screenshot(page, 'events-rows-unknown-type');
    expect(type!.right).toBeLessThanOrEqual(sync!.left);
  });

  it('the selected row\u2019s copy button stays inside its recordId cell with the detail open at 1024 px', async () => {
    const { page } = browser;
    const recordId = 'emp_with_a_long_record_identifier_0042';
    const [added] = ui.api.deliver([recordEvent(DELTA_RUN, 'record.new', recordId, personData({ ...people[4]!, recordId }, people))]);
    await page.locator(`.grid-row[data-event-id="${added!.eventId}"]`).click();
    await page.locator('section[aria-label="Event detail"]').waitFor();
    const copy = page.locator('.grid-row[aria-selected="true"] [role=cell] button');
    await copy.waitFor();
    const [button, cell] = await copy.evaluate((b) => {
      const el = b as unknown as El;
      return [el.getBoundingClientRect(), el.closest('[role=cell]').getBoundingClientRect()];
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
});

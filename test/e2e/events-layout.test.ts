/**
 * The Events screen's layout in real Chromium over the fake Companion, at 1024 and 1440 px wide: opening and
 * closing the detail does not move the list vertically (the filter bar does not reflow with it), each filter
 * label stays on the line of its control, the detail's close button stays on its title line, and the list
 * never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type Chromium } from '../support/chromium';
import { DELTA_RUN, openFakeUi, type FakeUi } from '../support/fake-ui';
import { recordEvent, syncEvent } from '../support/fake-knit-events';

type Box = { x: number; y: number; width: number; height: number };
type Scroller = { scrollWidth: number; clientWidth: number };

let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  // The longest event type and a long recordId: the detail's title line at its longest.
  ({ ui, browser } = await openFakeUi({ width: 1024, height: 720 }, (api) =>
    api.deliver([
      syncEvent(DELTA_RUN, 'sync.events.allConsumed', 2),
      recordEvent(DELTA_RUN, 'record.deleted', 'emp_with_a_rather_long_record_identifier_0099', {}),
    ]),
  ));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

/** Whether box `a`'s vertical middle lies within box `b`: the two sit on one line. */
const sameLine = (a: Box, b: Box): boolean => a.y + a.height / 2 >= b.y && a.y + a.height / 2 <= b.y + b.height;

describe('events layout', () => {
  for (const width of [1024, 1440]) {
    it(`at ${width} px: the detail opens and closes without moving the list, labels stay with their controls, no sideways scroll`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 720 });
      const grid = page.getByRole('grid', { name: 'Events, newest first' });
      const detail = page.locator('section[aria-label="Event detail"]');
      const firstRow = page.locator('.grid-row[data-seq]').first();
      const labelsWithControls = async () => {
        for (const [label, control] of [
          [page.locator('label[for="filter-run"]'), page.locator('#filter-run')],
          [page.locator('label[for="filter-integration"]'), page.locator('#filter-integration')],
        ] as const) {
          expect(sameLine((await label.boundingBox())!, (await control.boundingBox())!)).toBe(true);
        }
      };
      const sideways = () => grid.evaluate((g) => (g as unknown as Scroller).scrollWidth - (g as unknown as Scroller).clientWidth);

      await firstRow.waitFor();
      const closed = (await firstRow.boundingBox())!;
      await labelsWithControls();
      expect(await sideways()).toBeLessThanOrEqual(0);

      for (const type of ['sync.events.allConsumed', 'record.deleted']) {
        await page.locator(`.grid-row[data-seq]:has(.type[title="${type}"])`).first().click();
        await detail.waitFor();
        await expect.poll(() => detail.locator('.detail-head strong').textContent()).toBe(type);
        await screenshot(page, `events-layout-${width}-${type}`);
        expect((await firstRow.boundingBox())!.y).toBe(closed.y);
        await labelsWithControls();
        expect(await sideways()).toBeLessThanOrEqual(0);
        const close = (await page.getByRole('button', { name: 'Close the detail (Esc)' }).boundingBox())!;
        expect(sameLine(close, (await detail.locator('.detail-head strong').boundingBox())!)).toBe(true);
        expect(close.x + close.width).toBeLessThanOrEqual(width);
      }

      await page.keyboard.press('Escape');
      await expect.poll(() => detail.count()).toBe(0);
      expect((await firstRow.boundingBox())!.y).toBe(closed.y);
    });
  }
});

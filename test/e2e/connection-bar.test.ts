/**
 * The connection bar in real Chromium (issue 15): it shows only the run in flight (not the completed ones) and
 * stays one line at 1024 px with several runs, long integration labels and a long tunnel URL; the URLs give
 * way with an ellipsis, the figures stay whole. Screenshot: test-results/screenshots/connbar-1024.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type Chromium } from '../support/chromium';
import { fakePeople, personData, recordEvent, syncEvent } from '../support/fake-knit-events';
import { openFakeUi, type FakeUi } from '../support/fake-ui';

const LONG_TUNNEL = 'https://a-rather-long-subdomain-name-for-ngrok-42.ngrok-free.app';
let ui: FakeUi;
let browser: Chromium;

beforeAll(async () => {
  ({ ui, browser } = await openFakeUi({ width: 1024, height: 768 }, (api) => {
    api.state.settings.integrations.push({
      integrationId: 'int_a_very_long_integration_identifier_000001',
      label: 'Workday (Acme Holdings International Incorporated, EMEA)',
      environment: 'sandbox',
    });
    api.state.status.tunnel.publicUrl = LONG_TUNNEL;
    api.state.status.destination = `${LONG_TUNNEL}/knithook`;
    const people = fakePeople(6);
    for (let i = 0; i < 6; i++) {
      const run = { syncJobId: 'sj_bar', syncRunId: `sr_bar_run_${i}`, syncType: 'delta_sync' as const };
      api.deliver(people.map((p) => recordEvent(run, 'record.new', p.recordId, personData(p, people))));
      // Five runs completed; the last one is in flight (600 processed, 6 received so far).
      api.deliver(
        i < 5 ? [syncEvent(run, 'sync.events.processed', 6), syncEvent(run, 'sync.events.allConsumed', 6)] : [syncEvent(run, 'sync.events.processed', 600)],
      );
    }
  }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

/** The bar's height, and the tallest of its children: one line when the bar is no taller than that plus its padding and border. */
const barGeometry = () =>
  browser.page
    .locator('.connbar')
    .evaluate((bar: { getBoundingClientRect(): { height: number }; children: ArrayLike<{ getBoundingClientRect(): { top: number; height: number } }> }) => {
      const children = Array.from(bar.children)
        .map((c) => c.getBoundingClientRect())
        .filter((r) => r.height > 0);
      return {
        height: bar.getBoundingClientRect().height,
        tallest: Math.max(...children.map((r) => r.height)),
        tops: new Set(children.map((r) => Math.round(r.top + r.height / 2))).size,
      };
    });

describe('the connection bar', () => {
  it('shows only the run in flight and stays one line at 1024 px', async () => {
    const { page } = browser;
    const bar = page.locator('.connbar');
    await expect.poll(() => bar.innerText()).toMatch(/run\s/);
    const text = (await bar.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('6/600');
    expect(await bar.getByRole('button', { name: /^run/ }).count()).toBe(1);
    expect(text).toMatch(/\b75 received/);
    expect(text).toMatch(/\b1 rejected/);
    await screenshot(page, 'connbar-1024');
    const { height, tallest, tops } = await barGeometry();
    expect(tops).toBe(1); // every item centred on the same line
    expect(height).toBeLessThanOrEqual(tallest + 2 * 6 + 1); // the padding (6 px) and the bottom border
    // The destination shrinks with an ellipsis and keeps its full text in its title.
    expect(await bar.locator(`.url[title="${LONG_TUNNEL}/knithook"]`).count()).toBe(1);
  });

  it('stays one line at 1280 px with the brand shown', async () => {
    await browser.page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => browser.page.locator('.connbar .brand').isVisible()).toBe(true);
    const { height, tallest, tops } = await barGeometry();
    expect(tops).toBe(1);
    expect(height).toBeLessThanOrEqual(tallest + 2 * 6 + 1);
  });
});

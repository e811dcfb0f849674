/**
 * The renderer served by the real UI server over a FakeCompanion seeded with a small company: one
 * completed initial sync, a delta run with a record.modified (department change) and a delete, and a
 * rejected unsigned request. Used by the e2e tests, and runnable as a dev page:
 * `npx tsx test/support/fake-ui.ts [--live]` prints `ui <url>` (with --live it keeps delivering events).
 */
import { startUiServer, type UiServer } from '../../electron/core/ui-server';
import { launchChromium, type Chromium } from './chromium';
import { FakeCompanion } from './fake-companion';
import { fakePeople, personData, recordEvent, syncEvent, type RunRef } from './fake-knit-events';
import { ensureRendererBuilt } from './renderer-build';

export interface FakeUi {
  api: FakeCompanion;
  server: UiServer;
  close(): Promise<void>;
}

export const INITIAL_RUN: RunRef = { syncJobId: 'sj_demo_0001', syncRunId: 'sr_initial_0001', syncType: 'initial_sync' };
export const DELTA_RUN: RunRef = { syncJobId: 'sj_demo_0001', syncRunId: 'sr_delta_0002', syncType: 'delta_sync' };

/** Fills `api` with the demo company; returns the people. */
export function seedCompany(api: FakeCompanion, size = 24): ReturnType<typeof fakePeople> {
  const people = fakePeople(size);
  api.deliver(people.map((p) => recordEvent(INITIAL_RUN, 'record.new', p.recordId, personData(p, people))));
  api.deliver([syncEvent(INITIAL_RUN, 'sync.events.processed', size), syncEvent(INITIAL_RUN, 'sync.events.allConsumed', size)]);
  const moved = { ...people[1]!, department: 'Finance', designation: 'Controller' };
  const leaving = people[size - 1]!;
  api.deliver([
    recordEvent(DELTA_RUN, 'record.modified', moved.recordId, personData(moved, people)),
    recordEvent(DELTA_RUN, 'record.deleted', leaving.recordId, { employeeId: leaving.recordId, workEmail: `${leaving.firstName}@example.com` }),
  ]);
  api.reject('signature_missing', {
    preview: '{"eventId":"e_forged","eventType":"record.new"}',
    detail: 'No X-Knit-Signature header; the request came from 127.0.0.1 with curl/8.5.0.',
  });
  return people;
}

/** Starts the UI server (port 0) over a seeded FakeCompanion, building the renderer first if needed. */
export async function startFakeUi(opts: { seed?: boolean } = {}): Promise<FakeUi> {
  const staticDir = ensureRendererBuilt();
  const api = new FakeCompanion();
  if (opts.seed !== false) seedCompany(api);
  const server = await startUiServer({ api, port: 0, staticDir });
  return { api, server, close: () => server.close() };
}

/**
 * The fake UI in headless Chromium at `viewport`, opened on the Events screen (resolves once its grid shows);
 * `prepare` delivers what the test needs before the page loads. Close both in afterAll.
 */
export async function openFakeUi(
  viewport: { width: number; height: number },
  prepare?: (api: FakeCompanion) => void,
): Promise<{ ui: FakeUi; browser: Chromium }> {
  const ui = await startFakeUi();
  prepare?.(ui.api);
  const browser = await launchChromium(viewport);
  await browser.page.goto(ui.server.url);
  await browser.page.getByRole('grid', { name: 'Events, newest first' }).waitFor();
  return { ui, browser };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ui = await startFakeUi();
  process.stdout.write(`ui ${ui.server.url}\n`);
  if (process.argv.includes('--live')) {
    const people = fakePeople(24);
    let n = 0;
    setInterval(() => {
      const p = people[n++ % people.length]!;
      ui.api.deliver([recordEvent(DELTA_RUN, 'record.modified', p.recordId, personData({ ...p, designation: `Engineer ${n}` }, people))]);
    }, 1000);
  }
}

/**
 * `npx tsx test/bench/event-queries.ts --data <folder> [--runs N]`: the core's side of a large folder (issue 17),
 * on a copy of `<folder>` (which stays as it is; e.g. a folder kept by `npm run bench:scale -- --keep`):
 *   1. the first open (a v1 snapshot is converted then) and, once its snapshot is rewritten, the median of N
 *      opens of JournalStore (snapshot + journal tail), with the process's RSS after the last;
 *   2. queryEvents (EventWindows, as the Companion answers it) p95 over fresh windows, so no kept filter helps,
 *      after one warm-up query of each kind: a category filter, a search typed one key at a time, an
 *      integration switch; 100 rows a window.
 * Prints figures and one JSON line; asserts nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventWindows } from '../../electron/core/query/event-windows';
import { silentLogger } from '../../electron/core/log';
import { JournalStore } from '../../electron/core/store/journal-store';
import { EMPTY_FILTER, type EventFilter } from '../../shared/api/event-filter';
import { quantile } from './sender';

const { values } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string', default: '5' } } });
if (!values.data) throw new Error('--data <folder> is required');
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'knit-bench-event-queries-'));
cpSync(values.data, dir, { recursive: true });

const open = (): Promise<JournalStore> => JournalStore.open({ dataDir: dir, log: silentLogger });
let t = performance.now();
const first = await open();
const firstOpenMs = performance.now() - t;
await first.close(); // waits for the snapshot written after a conversion or replay
const openMs: number[] = [];
let store: JournalStore | null = null;
for (let r = 0; r < RUNS; r++) {
  await store?.close();
  t = performance.now();
  store = await open();
  openMs.push(performance.now() - t);
}
const state = store!.state;
(globalThis as { gc?: () => void }).gc?.();
const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);

const p95 = (xs: number[]): number =>
  Math.round(
    quantile(
      [...xs].sort((a, b) => a - b),
      0.95,
    ) * 10,
  ) / 10;
const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]!);
/** ms of one query of `filter` in fresh windows (nothing kept). */
const timed = (filter: EventFilter): number => {
  const windows = new EventWindows();
  const start = performance.now();
  windows.query(state, { filter, offset: 0, limit: 100 });
  return performance.now() - start;
};
const integrations = state.events.dictionaries.integrationId.list();
const recordIds = Array.from({ length: 5 }, (_, k) => state.events.heaps.recordId.get(Math.floor(((k + 0.5) * state.events.size) / 5)) ?? 'emp_');
const categorySets: EventFilter['categories'][] = [['new'], ['modified'], ['sync'], ['new', 'deleted'], ['unknown'], []];
// warm-up (compiled code, as after the list's first rows): one query of each kind, not counted
for (const filter of [{ categories: ['sync'] }, { text: 'a' }, { integrationId: integrations[0] ?? null }])
  timed({ ...EMPTY_FILTER, ...filter } as EventFilter);
const filterMs = Array.from({ length: 20 }, (_, i) => timed({ ...EMPTY_FILTER, categories: categorySets[i % categorySets.length]! }));
const searchMs = recordIds.flatMap((id) => Array.from({ length: id.length }, (_, k) => timed({ ...EMPTY_FILTER, text: id.slice(0, k + 1) })));
const integrationMs = Array.from({ length: 20 }, (_, i) => timed({ ...EMPTY_FILTER, integrationId: integrations[i % integrations.length] ?? null }));
await store!.close();
rmSync(dir, { recursive: true, force: true });

const figures = {
  events: state.events.size,
  firstOpenMs: Math.round(firstOpenMs),
  openMs: median(openMs),
  rssMb,
  p95Ms: { filter: p95(filterMs), search: p95(searchMs), integration: p95(integrationMs) },
};
console.log(
  `${figures.events} events: first open ${figures.firstOpenMs} ms, open ${figures.openMs} ms (median of ${RUNS}), RSS ${rssMb} MB; ` +
    `queryEvents p95 filter ${figures.p95Ms.filter} / search ${figures.p95Ms.search} (${searchMs.length} keys) / integration ${figures.p95Ms.integration} ms`,
);
console.log(JSON.stringify(figures));

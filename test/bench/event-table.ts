/**
 * `node --expose-gc --import tsx test/bench/event-table.ts [--events N]`: the event table alone at N events
 * (default 1,000,000; synthetic, like bench:scale's: 10 integrations, one employee per event, no journal), in
 * this process: bytes an event in the snapshot's events section, memory once read back, the longest stall of
 * the event loop while a snapshot of it is captured and written, the load of that snapshot, and queryEvents
 * (fresh windows, after one warm-up query) for category filters, integrations and searches.
 * Prints figures and one JSON line; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventWindows } from '../../electron/core/query/event-windows';
import { State, type EventMeta } from '../../electron/core/state/state';
import { eventSection } from '../../electron/core/state/event-table-bytes';
import { captureState, loadSnapshot, writeSnapshot } from '../../electron/core/store/snapshot';
import { EMPTY_FILTER, type EventFilter } from '../../shared/api/event-filter';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const N = Number(values.events);
/** A full GC, twice, with a pause for the array buffers freed in the background (needs --expose-gc). */
async function gc(): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  collect?.();
}
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Event number `i`: a record.new (every 100th a sync event) of integration i % 10. */
function event(i: number, base: number): EventMeta {
  const k = i % 10;
  const sync = i % 100 === 0;
  return {
    seq: i + 1,
    eventId: `ev_${k}_${i.toString(16).padStart(8, '0')}_${((i * 2654435761) >>> 0).toString(36)}`,
    eventType: sync ? 'sync.events.processed' : 'record.new',
    category: sync ? 'sync' : 'new',
    syncType: 'initial_sync',
    syncJobId: `sj_${k}`,
    syncRunId: `sr_${k}_1`,
    recordId: `emp_${String(Math.floor(i / 10)).padStart(6, '0')}`,
    integrationId: `int_scale_${k}`,
    receivedAt: new Date(base + i * 3).toISOString(),
    environment: 'production',
    retries: 0,
    name: `Firstname${i % 997} Lastname${i % 1009}`,
    email: `first.last${i}@company${k}.example.com`,
    flags: [],
    offset: i * 1900,
    length: 1890,
    prevSeq: null,
  };
}

/** Builds the table, then captures and writes a snapshot of it to `path`, timing the longest event-loop stall. */
async function buildAndWrite(path: string): Promise<{ sectionBytes: number; captureMs: number; writeMs: number; longestMs: number }> {
  const built = new State();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < N; i++) built.events.append(event(i, base));
  built.lastSeq = N;
  let sectionBytes = 0;
  for (const bytes of Object.values(eventSection(built.events).columns)) sectionBytes += bytes.byteLength;
  let longestMs = 0;
  let last = performance.now();
  const ticks = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  longestMs = 0;
  last = performance.now();
  const start = performance.now();
  const capture = captureState(built, 'bench', 0);
  const captureMs = performance.now() - start;
  await writeSnapshot(path, capture);
  const writeMs = performance.now() - start;
  clearInterval(ticks);
  return { sectionBytes, captureMs, writeMs, longestMs };
}

const dir = mkdtempSync(join(tmpdir(), 'knit-bench-event-table-'));
const path = join(dir, 'state.snapshot');
const written = await buildAndWrite(path);
await gc();
const before = process.memoryUsage().arrayBuffers;
const t = performance.now();
const loaded = await loadSnapshot(path);
const loadMs = performance.now() - t;
rmSync(dir, { recursive: true, force: true });
if (!loaded.ok) throw new Error(loaded.error);
const state = loaded.state;
await gc();
const tableMb = mb(process.memoryUsage().arrayBuffers - before);

const timed = (filter: Partial<EventFilter>): number => {
  const start = performance.now();
  new EventWindows().query(state, { filter: { ...EMPTY_FILTER, ...filter }, offset: 0, limit: 100 });
  return Math.round((performance.now() - start) * 10) / 10;
};
timed({ categories: ['sync'] });
timed({ text: 'a' });
const queries = {
  'category sync': timed({ categories: ['sync'] }),
  'category new': timed({ categories: ['new'] }),
  'integration int_scale_3': timed({ integrationId: 'int_scale_3' }),
  'search emp_0 (all)': timed({ text: 'emp_0' }),
  'search emp_01234 (100)': timed({ text: 'emp_01234' }),
  'search first (all)': timed({ text: 'first' }),
  'search zzz (none)': timed({ text: 'zzz' }),
};
const figures = {
  events: N,
  sectionBytesPerEvent: Math.round(written.sectionBytes / N),
  tableMb,
  snapshot: {
    captureMs: Math.round(written.captureMs * 10) / 10,
    writeMs: Math.round(written.writeMs),
    longestStallMs: Math.round(written.longestMs * 10) / 10,
    loadMs: Math.round(loadMs),
  },
  queriesMs: queries,
};
console.log(
  `${N} events: ${figures.sectionBytesPerEvent} bytes an event in the snapshot, ${tableMb} MB once loaded; snapshot capture ${figures.snapshot.captureMs} ms, ` +
    `write ${figures.snapshot.writeMs} ms (longest event-loop stall ${figures.snapshot.longestStallMs} ms), load ${figures.snapshot.loadMs} ms; ` +
    Object.entries(queries)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', '),
);
console.log(JSON.stringify(figures));

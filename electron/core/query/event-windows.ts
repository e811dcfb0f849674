/**
 * `queryEvents`: windows of the stored events passing a filter, newest first, with their counts, so that a
 * list holds only the rows it shows. The filter is matched on the event table's columns (category, run and
 * integration codes over typed arrays, the text through its search text), so no event is materialised but the
 * rows of the window. The positions (in arrival order) of the events passing a filter are kept for the last
 * few filters and extended with the events that arrived since, so that scrolling, and the re-query after each
 * live batch, cost the window plus the new events, not a scan of everything stored.
 */
import { isFilterEmpty, type EventFilter, type EventWindow, type EventWindowQuery } from '../../../shared/api/event-filter';
import type { EventSummary } from '../../../shared/api/types';
import { CATEGORIES, type EventTable } from '../state/event-table';
import { toEventSummary, type State } from '../state/state';
import { keptCache, keptSize, type KeptLimits } from './kept';

/** The positions in the table of the events passing one filter, up to `scanned`. */
interface Matches {
  positions: Int32Array;
  count: number;
  /** How many positions were looked at. */
  scanned: number;
}

/** Filters whose positions are kept (the current one and a few it switches between), and their bytes in all (4 per event: 16 MB). */
const KEPT: KeptLimits = { entries: 8, bytes: 16 * 2 ** 20 };

const keyOf = (f: EventFilter): string => JSON.stringify([[...f.categories].sort(), f.syncRunId, f.integrationId, f.text.trim().toLowerCase()]);

/** The windows of one Companion's events; see the file's comment. */
export class EventWindows {
  private readonly kept;
  /** The table the kept positions index: a purge replaces it, and every kept filter goes with the old one. */
  private table: EventTable | null = null;

  constructor(limits: KeptLimits = KEPT) {
    this.kept = keptCache<Matches>(limits, (m) => m.positions.byteLength);
  }

  /** What is kept now: filters and their bytes. */
  keptSize(): KeptLimits {
    return keptSize(this.kept);
  }

  /** The window `query` asks for, from `state` (newest first). */
  query(state: State, query: EventWindowQuery): EventWindow {
    const table = state.events;
    const stored = table.size;
    const rows: EventSummary[] = [];
    const push = (position: number): void => {
      const meta = table.at(position);
      if (meta) rows.push(toEventSummary(meta));
    };
    if (isFilterEmpty(query.filter)) {
      for (let k = query.offset; k < Math.min(stored, query.offset + query.limit); k++) push(stored - 1 - k);
      return { rows, total: stored, stored };
    }
    const matches = this.matches(table, query.filter);
    for (let k = query.offset; k < Math.min(matches.count, query.offset + query.limit); k++) push(matches.positions[matches.count - 1 - k]!);
    return { rows, total: matches.count, stored };
  }

  /** The kept positions for `filter`, extended to every stored event (started over for a new table). */
  private matches(table: EventTable, filter: EventFilter): Matches {
    if (this.table !== table) this.kept.clear();
    this.table = table;
    const key = keyOf(filter);
    let m = this.kept.get(key);
    if (m && m.scanned === table.size) return m;
    if (!m || m.scanned > table.size) m = { positions: new Int32Array(1024), count: 0, scanned: 0 };
    const kept = m;
    const add = (position: number): void => {
      if (kept.count === kept.positions.length) {
        const grown = new Int32Array(kept.positions.length * 2);
        grown.set(kept.positions);
        kept.positions = grown;
      }
      kept.positions[kept.count++] = position;
    };
    const passes = columnMatcher(table, filter);
    const needle = filter.text.trim();
    if (needle === '') {
      for (let position = m.scanned; position < table.size; position++) if (passes(position)) add(position);
    } else {
      table.findText(needle, (position) => passes(position) && add(position), m.scanned);
    }
    m.scanned = table.size;
    this.kept.set(key, m);
    return m;
  }
}

/**
 * Whether the event at a position passes `filter`'s categories, run and integration (the text aside), read
 * from the code columns. Same rules as `eventMatcher` (shared/api/event-filter.ts): empty lets all through, an
 * integration filter never matches an event without one. Built per scan: codes seen later are new codes.
 */
function columnMatcher(table: EventTable, filter: EventFilter): (position: number) => boolean {
  const allowed = new Uint8Array(CATEGORIES.length + 1);
  for (const c of filter.categories) allowed[CATEGORIES.indexOf(c)] = 1;
  const anyCategory = filter.categories.length === 0;
  const category = table.numbers.category.view();
  const run = filter.syncRunId ? table.dictionaries.syncRunId.find(filter.syncRunId) : 0;
  const integration = filter.integrationId ? table.dictionaries.integrationId.find(filter.integrationId) : 0;
  if (run === -1 || integration === -1) return () => false;
  const runs = table.codes.syncRunId.view();
  const integrations = table.codes.integrationId.view();
  return (position) =>
    (anyCategory || allowed[category[position]!] === 1) &&
    (run === 0 || runs[position] === run) &&
    (integration === 0 || integrations[position] === integration);
}

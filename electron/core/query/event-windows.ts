/**
 * `queryEvents`: windows of the stored events passing a filter, newest first, with their counts, so that a
 * list holds only the rows it shows. The positions (in arrival order) of the events passing a filter are kept
 * for the last few filters and extended with the events that arrived since, so that scrolling, and the
 * re-query after each live batch, cost the window plus the new events, not a scan of everything stored.
 */
import { eventMatcher, isFilterEmpty, type EventFilter, type EventWindow, type EventWindowQuery } from '../../../shared/api/event-filter';
import type { EventSummary } from '../../../shared/api/types';
import { toEventSummary, type State } from '../state/state';

/** The positions in `state.order` of the events passing one filter, up to `scanned`. */
interface Matches {
  state: State;
  positions: Int32Array;
  count: number;
  /** How many of `state.order` were looked at, and the eventId of the last one (to notice a purge). */
  scanned: number;
  lastId: string | undefined;
}

/** How many filters keep their positions (the current one and a few it switches between). */
const KEPT_FILTERS = 8;

const keyOf = (f: EventFilter): string => JSON.stringify([[...f.categories].sort(), f.syncRunId, f.integrationId, f.text.trim().toLowerCase()]);

/** The windows of one Companion's events; see the file's comment. */
export class EventWindows {
  private readonly kept = new Map<string, Matches>();

  /** The window `query` asks for, from `state` (newest first). */
  query(state: State, query: EventWindowQuery): EventWindow {
    const stored = state.order.length;
    const rowAt = (position: number): EventSummary | null => {
      const meta = state.events.get(state.order[position]!);
      return meta ? toEventSummary(meta) : null;
    };
    const rows: EventSummary[] = [];
    if (isFilterEmpty(query.filter)) {
      for (let k = query.offset; k < Math.min(stored, query.offset + query.limit); k++) {
        const row = rowAt(stored - 1 - k);
        if (row) rows.push(row);
      }
      return { rows, total: stored, stored };
    }
    const matches = this.matches(state, query.filter);
    for (let k = query.offset; k < Math.min(matches.count, query.offset + query.limit); k++) {
      const row = rowAt(matches.positions[matches.count - 1 - k]!);
      if (row) rows.push(row);
    }
    return { rows, total: matches.count, stored };
  }

  /** The kept positions for `filter`, extended to every stored event (rebuilt after a purge). */
  private matches(state: State, filter: EventFilter): Matches {
    const key = keyOf(filter);
    let m = this.kept.get(key);
    const stale = !m || m.state !== state || m.scanned > state.order.length || (m.scanned > 0 && state.order[m.scanned - 1] !== m.lastId);
    if (!m || stale) m = { state, positions: new Int32Array(1024), count: 0, scanned: 0, lastId: undefined };
    this.kept.delete(key);
    this.kept.set(key, m);
    if (this.kept.size > KEPT_FILTERS) this.kept.delete(this.kept.keys().next().value!);
    const order = state.order;
    if (m.scanned === order.length) return m;
    const matches = eventMatcher(filter);
    for (let i = m.scanned; i < order.length; i++) {
      const meta = state.events.get(order[i]!);
      if (!meta || !matches(meta)) continue;
      if (m.count === m.positions.length) {
        const grown = new Int32Array(m.positions.length * 2);
        grown.set(m.positions);
        m.positions = grown;
      }
      m.positions[m.count++] = i;
    }
    m.scanned = order.length;
    m.lastId = order[order.length - 1];
    return m;
  }
}

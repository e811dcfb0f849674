/**
 * The first screen: every accepted event, newest first, windowed (fixed 28 px rows, use-fixed-rows.ts, row
 * elements recycled), following new events while scrolled to the top; scrolled away, the view stays put and a
 * pill counts what arrived. The selection is kept by eventId while rows arrive. Keyboard: `/` search, ↑/↓ or
 * j/k select, Enter opens, Esc closes. The filter bar spans the list and the detail, so opening or closing
 * the detail never reflows it (which moved the list under the mouse).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { SplitPane } from '../../components/SplitPane';
import { saveExport } from '../../components/save-export';
import { useFixedRows } from '../../components/use-fixed-rows';
import { formatCount } from '../../model/format';
import { EMPTY_FILTER, filterEvents, isFilterEmpty, type EventFilter } from '../../model/event-filter';
import { navigate, takeEventsIntent } from '../../state/navigation';
import { setShownEventIds } from '../../state/shown-events';
import { useApi, useCompanion } from '../../state/use-companion';
import { EVENT_COLCOUNT, EVENT_COLUMNS } from './event-columns';
import { EventDetailPane } from './EventDetailPane';
import { EventFilters } from './EventFilters';
import { EventRow } from './EventRow';

const ROW_HEIGHT = 28;
const isTyping = (t: EventTarget | null): boolean => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));

export function EventsScreen() {
  const api = useApi();
  const all = useCompanion((s) => s.events);
  const loading = useCompanion((s) => s.loading);
  const keySet = useCompanion((s) => s.status?.environments.some((e) => e.keySet) ?? true);
  const [intent] = useState(takeEventsIntent);
  const [filter, setFilter] = useState<EventFilter>(() => (intent?.syncRunId ? { ...EMPTY_FILTER, syncRunId: intent.syncRunId } : EMPTY_FILTER));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const selectedSummary = useCompanion((s) => (selectedId ? (s.events.get(s.eventIndex.get(selectedId) ?? -1) ?? null) : null));
  const [newCount, setNewCount] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  const shown = useMemo(() => filterEvents(all, filter), [all, filter]);
  const count = shown.length;
  const at = useCallback((i: number) => shown.get(count - 1 - i), [shown, count]);

  useEffect(() => setShownEventIds(isFilterEmpty(filter) ? null : () => shown.toArray().map((e) => e.eventId)), [shown, filter]);

  // The sticky header row (28 px) sits above row 0 inside the scroll container. Overscan 6 rows (168 px, more
  // than a wheel step), 2 while following at the top: there every batch shows new events in the whole window.
  const rows = useFixedRows(viewport, count, ROW_HEIGHT, { overscan: 6, overscanAtTop: 2, offset: ROW_HEIGHT });
  const { scrollToIndex, sync: syncRows } = rows;

  // Follow mode: at the top, new rows appear and stay in view; scrolled away, keep the same rows in view.
  // Whether we are at the top is tracked from scroll events, so this effect forces no layout while following.
  const previous = useRef({ count, filter });
  const scrolledAway = useRef(false);
  useLayoutEffect(() => {
    const before = previous.current;
    previous.current = { count, filter };
    if (before.filter !== filter) {
      setNewCount(0);
      return;
    }
    const added = count - before.count;
    const el = viewport.current;
    if (!el || added <= 0 || !scrolledAway.current) return;
    el.scrollTop += added * ROW_HEIGHT;
    syncRows(); // the window follows the new scroll position in this frame, not after the scroll event
    setNewCount((n) => n + added);
  }, [count, filter, syncRows]);

  const onScroll = useCallback(() => {
    scrolledAway.current = (viewport.current?.scrollTop ?? 0) > ROW_HEIGHT / 2;
    if (!scrolledAway.current) setNewCount(0);
  }, []);

  const indexOf = useCallback(
    (eventId: string | null): number => {
      if (!eventId) return -1;
      for (let i = count - 1; i >= 0; i--) if (shown.get(i)?.eventId === eventId) return count - 1 - i;
      return -1;
    },
    [shown, count],
  );

  const select = useCallback((eventId: string) => {
    setSelectedId(eventId);
    setOpen(true);
  }, []);

  // A request from another screen (open this event).
  useEffect(() => {
    if (intent?.eventId) select(intent.eventId);
  }, [intent, select]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '/' && !isTyping(e.target)) {
        e.preventDefault();
        search.current?.focus();
        return;
      }
      if (e.key === 'Escape') {
        if (e.target === search.current) search.current?.blur();
        else setOpen(false);
        return;
      }
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const down = e.key === 'ArrowDown' || e.key === 'j';
      const up = e.key === 'ArrowUp' || e.key === 'k';
      if (down || up) {
        e.preventDefault();
        // A control inside a row (the recordId's copy button) leaves with the selection: keep focus in the list.
        const grid = viewport.current;
        if (grid && e.target !== grid && e.target instanceof Node && grid.contains(e.target)) grid.focus({ preventScroll: true });
        const current = indexOf(selectedId);
        const next = Math.max(0, Math.min(count - 1, current < 0 ? 0 : current + (down ? 1 : -1)));
        const target = at(next);
        if (target) {
          setSelectedId(target.eventId);
          scrollToIndex(next);
        }
      } else if (e.key === 'Enter' && selectedId) {
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [indexOf, selectedId, count, at, scrollToIndex]);

  const exportShown = (): void => {
    setExportError(null);
    api
      .exportData({ kind: 'events', format: 'ndjson', eventIds: isFilterEmpty(filter) ? undefined : shown.toArray().map((e) => e.eventId) })
      .then(saveExport, (e: Error) => setExportError(e.message));
  };

  const list = (
    <div style={{ position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      {newCount > 0 && (
        <button
          type="button"
          className="pill"
          onClick={() => {
            viewport.current?.scrollTo({ top: 0 });
            setNewCount(0);
          }}
        >
          {formatCount(newCount)} new event{newCount === 1 ? '' : 's'} ↑
        </button>
      )}
      <div
        ref={viewport}
        className="viewport events-viewport"
        onScroll={onScroll}
        role="grid"
        aria-label="Events, newest first"
        aria-rowcount={count + 1}
        aria-colcount={EVENT_COLCOUNT}
        tabIndex={0}
      >
        <div className="grid-head events-grid" role="row" aria-rowindex={1}>
          {EVENT_COLUMNS.map((c) => (
            <span key={c.index} role="columnheader" aria-colindex={c.index} title={c.title}>
              {c.text}
            </span>
          ))}
        </div>
        <div role="rowgroup" style={{ height: rows.totalHeight, position: 'relative' }}>
          {/* Rows are keyed by their place in the window, not by eventId: while following, a batch moves every
              row's event, and a row element showing another event costs a few text changes, where removing
              one and creating another cost style, layout objects and DOM work for every cell. */}
          <div role="presentation" style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${rows.start * ROW_HEIGHT}px)` }}>
            {Array.from({ length: rows.end - rows.start }, (_, k) => {
              const e = at(rows.start + k);
              return e ? <EventRow key={k} event={e} index={rows.start + k} selected={e.eventId === selectedId} onSelect={select} /> : null;
            })}
          </div>
        </div>
      </div>
      {/* Outside the grid, whose children are rows only. */}
      {count === 0 && (
        <div className="empty" style={{ position: 'absolute', inset: '28px 0 0' }}>
          {loading ? (
            'Loading events…'
          ) : all.length > 0 ? (
            <p>No event matches these filters.</p>
          ) : (
            <>
              <p>
                <strong>No events yet:</strong> start a sync in Setup, or run <span className="mono">npm run demo</span>.
              </p>
              <p>
                <button type="button" className="btn primary" onClick={() => navigate('setup')}>
                  {keySet ? 'Go to Setup' : 'Set an API key in Setup'}
                </button>
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );

  return (
    <>
      <EventFilters ref={search} filter={filter} onChange={setFilter} shown={count} total={all.length} onExport={exportShown} />
      {exportError && (
        <div className="inline-error" style={{ padding: '4px 10px' }}>
          {exportError}
        </div>
      )}
      <SplitPane
        list={list}
        detail={open && selectedId ? <EventDetailPane eventId={selectedId} summary={selectedSummary} onClose={() => setOpen(false)} /> : null}
      />
    </>
  );
}

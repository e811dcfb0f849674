/**
 * The rows of the events list the screen shows, asked from the Companion (`queryEvents`): the window of rows
 * `start` to `end` of the events passing `filter`, newest first, with their counts. Asked again when the
 * filter or the window moves, or when `version` says events arrived or changed (at most once per animation
 * frame: the store applies batches once per frame); one request at a time, the latest wanted one next.
 */
import { useEffect, useRef, useState } from 'react';
import type { CompanionApi } from '../../../shared/api/companion-api';
import type { EventFilter, EventWindow } from '../../../shared/api/event-filter';
import type { EventSummary } from '../../../shared/api/types';

/** The window held: rows `offset`… of the matching events, for `filter`. */
export interface HeldWindow extends EventWindow {
  offset: number;
  filter: EventFilter;
  /** False until the first answer. */
  loaded: boolean;
}

/** Rows the Companion may send per call (the contract's limit). */
export const WINDOW_LIMIT = 5_000;

/** The held window's row at list index `index`, if it holds it. */
export const rowOf = (w: HeldWindow, index: number): EventSummary | undefined => (index >= w.offset ? w.rows[index - w.offset] : undefined);

/** See the file's comment. */
export function useEventWindow(api: CompanionApi, filter: EventFilter, start: number, end: number, version: number): HeldWindow {
  const [held, setHeld] = useState<HeldWindow>({ rows: [], total: 0, stored: 0, offset: 0, filter, loaded: false });
  const wanted = useRef({ filter, start, end });
  const mounted = useRef(true);
  const busy = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    wanted.current = { filter, start, end };
    const ask = (): void => {
      if (busy.current) {
        again.current = true;
        return;
      }
      busy.current = true;
      const w = wanted.current;
      const done = (): void => {
        busy.current = false;
        if (again.current && mounted.current) {
          again.current = false;
          ask();
        }
      };
      api.queryEvents({ filter: w.filter, offset: w.start, limit: Math.min(WINDOW_LIMIT, Math.max(0, w.end - w.start)) }).then((answer) => {
        // An answer is consistent in itself (its rows, offset, filter and counts), so it is shown even when a
        // newer one is wanted: the list follows without waiting for a quiet moment.
        if (mounted.current) setHeld({ ...answer, offset: w.start, filter: w.filter, loaded: true });
        done();
      }, done);
    };
    ask();
  }, [api, filter, start, end, version]);

  return held;
}

/** Every eventId passing `filter`, newest first, asked page by page (for exporting what is shown). */
export async function eventIdsOf(api: CompanionApi, filter: EventFilter): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await api.queryEvents({ filter, offset: ids.length, limit: WINDOW_LIMIT });
    for (const e of page.rows) ids.push(e.eventId);
    if (page.rows.length < WINDOW_LIMIT || ids.length >= page.total) return ids;
  }
}

/**
 * The rows of the events list the screen shows, asked from the Companion (`queryEvents`): the window of rows
 * `start` to `end` of the events passing `filter`, newest first, with their counts. Asked again when the
 * filter or the window moves, or when `version` says events arrived or changed (at most once per animation
 * frame: the store applies batches once per frame); one request at a time, the latest wanted one next.
 */
import { useMemo, useState } from 'react';
import { useLatest } from '../../state/use-latest';
import type { CompanionApi } from '../../../shared/api/companion-api';
import type { EventFilter, EventWindow, EventWindowQuery } from '../../../shared/api/event-filter';
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

/** See the file's comment (the request logic is useLatest's). */
export function useEventWindow(api: CompanionApi, filter: EventFilter, start: number, end: number, version: number): HeldWindow {
  const question = useMemo<EventWindowQuery>(() => ({ filter, offset: start, limit: Math.min(WINDOW_LIMIT, Math.max(0, end - start)) }), [filter, start, end]);
  const held = useLatest((q: EventWindowQuery) => api.queryEvents(q), question, [api, version]);
  const [empty] = useState<HeldWindow>(() => ({ rows: [], total: 0, stored: 0, offset: 0, filter, loaded: false }));
  // An answer is consistent in itself (its rows, offset, filter and counts), so it is shown even when a newer
  // one is wanted: the list follows without waiting for a quiet moment.
  return useMemo(
    () => (held.answer && held.question ? { ...held.answer, offset: held.question.offset, filter: held.question.filter, loaded: true } : empty),
    [held, empty],
  );
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

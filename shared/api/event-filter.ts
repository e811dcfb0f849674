/**
 * Which events a list shows: type chips, run, integration and a text search. One definition for the Companion,
 * which filters, counts and windows the stored events (`queryEvents`), and for the UI that asks for them.
 */
import { z } from 'zod';
import type { EventCategory, EventSummary } from './types';

const CATEGORIES = ['new', 'modified', 'deleted', 'sync', 'unknown'] as const satisfies readonly EventCategory[];

/** The filter's shape; an empty field lets everything through. */
export const EventFilterSchema = z.object({
  /** Categories to show; empty shows all. */
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
  syncRunId: z.string().min(1).max(512).nullable(),
  /** An `X-Knit-Integration-Id`; events that came without one have integrationId null and match no id. */
  integrationId: z.string().min(1).max(512).nullable(),
  /** Case-insensitive substring of recordId, employee name or work email. */
  text: z.string().max(512),
});
export type EventFilter = z.infer<typeof EventFilterSchema>;

export const EMPTY_FILTER: EventFilter = { categories: [], syncRunId: null, integrationId: null, text: '' };

/** Whether the filter lets every event through. */
export const isFilterEmpty = (f: EventFilter): boolean => f.categories.length === 0 && !f.syncRunId && !f.integrationId && f.text.trim() === '';

/** A predicate for `filter`, built once per filter. */
export function eventMatcher(filter: EventFilter): (e: EventSummary) => boolean {
  const categories = new Set(filter.categories);
  const needle = filter.text.trim().toLowerCase();
  return (e) =>
    (categories.size === 0 || categories.has(e.category)) &&
    (!filter.syncRunId || e.syncRunId === filter.syncRunId) &&
    (!filter.integrationId || e.integrationId === filter.integrationId) &&
    (needle === '' ||
      (e.recordId?.toLowerCase().includes(needle) ?? false) ||
      (e.name?.toLowerCase().includes(needle) ?? false) ||
      (e.email?.toLowerCase().includes(needle) ?? false));
}

/** A window of the events passing a filter, newest first: `offset` rows skipped, at most `limit` returned. */
export const EventWindowQuerySchema = z.object({
  filter: EventFilterSchema,
  offset: z.number().int().nonnegative(),
  /** At most 5,000 rows a call (a screen shows a few dozen; "export what is shown" pages by 5,000). */
  limit: z.number().int().nonnegative().max(5_000),
});
export type EventWindowQuery = z.infer<typeof EventWindowQuerySchema>;

/** What `queryEvents` answers: the rows of the window and the counts a list needs to size itself. */
export interface EventWindow {
  /** Newest first: row 0 is event number `offset` of the matching events, counted from the newest. */
  rows: EventSummary[];
  /** How many events pass the filter. */
  total: number;
  /** How many events are stored in all. */
  stored: number;
}

/** Filtering of the events list: type chips, run, integration and a text search. Pure functions. */
import type { EventCategory, EventSummary } from '../../shared/api/types';
import type { EventList } from '../state/event-list';

export interface EventFilter {
  /** Categories to show; empty shows all. */
  categories: readonly EventCategory[];
  syncRunId: string | null;
  integrationId: string | null;
  /** Case-insensitive substring of recordId, employee name or work email. */
  text: string;
}

export const EMPTY_FILTER: EventFilter = { categories: [], syncRunId: null, integrationId: null, text: '' };

/** Whether the filter lets every event through. */
export const isFilterEmpty = (f: EventFilter): boolean => f.categories.length === 0 && !f.syncRunId && !f.integrationId && f.text.trim() === '';

/** A predicate for `filter`, built once per filter change. */
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

/** The events passing `filter`, in the input order; the same list when the filter is empty. */
export function filterEvents(events: EventList, filter: EventFilter): EventList {
  if (isFilterEmpty(filter)) return events;
  return events.filter(eventMatcher(filter));
}

/** Toggles one category chip. */
export function toggleCategory(filter: EventFilter, category: EventCategory): EventFilter {
  const has = filter.categories.includes(category);
  return { ...filter, categories: has ? filter.categories.filter((c) => c !== category) : [...filter.categories, category] };
}

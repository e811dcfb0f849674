/** Filtering of the events list (the filter itself is shared with the Companion, which applies it). */
import type { EventCategory } from '../../shared/api/types';
import type { EventFilter } from '../../shared/api/event-filter';

export { EMPTY_FILTER, eventMatcher, isFilterEmpty, type EventFilter } from '../../shared/api/event-filter';

/** Toggles one category chip. */
export function toggleCategory(filter: EventFilter, category: EventCategory): EventFilter {
  const has = filter.categories.includes(category);
  return { ...filter, categories: has ? filter.categories.filter((c) => c !== category) : [...filter.categories, category] };
}

/**
 * How many deliveries each sync run took: every stored event of the run once, plus its redeliveries (Knit's
 * retries after a non-200 answer, a timeout or a duplicate send). Computed from the events the UI holds.
 */
import type { EventSummary } from '../../shared/api/types';

/** syncRunId → { events, deliveries }. */
export function runDeliveries(events: Iterable<EventSummary>): Map<string, { events: number; deliveries: number }> {
  const byRun = new Map<string, { events: number; deliveries: number }>();
  for (const e of events) {
    if (e.syncRunId === null) continue;
    const entry = byRun.get(e.syncRunId) ?? { events: 0, deliveries: 0 };
    entry.events++;
    entry.deliveries += 1 + e.retries;
    byRun.set(e.syncRunId, entry);
  }
  return byRun;
}

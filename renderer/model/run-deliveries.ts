/**
 * How many deliveries a sync run took: every stored event of the run once, plus its redeliveries (Knit's
 * retries after a non-200 answer, a timeout or a duplicate send), as the Companion counts them per run.
 */
import type { RunSummary } from '../../shared/api/types';

/** The run's stored events and deliveries. */
export function runDeliveries(run: RunSummary): { events: number; deliveries: number } {
  let events = 0;
  for (const n of Object.values(run.counts)) events += n;
  return { events, deliveries: events + (run.redeliveries ?? 0) };
}

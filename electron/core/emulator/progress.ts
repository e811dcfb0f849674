/**
 * One log line per delivery progress worth reading: a run's start and end, every retry and every event given
 * up on (an accepted first attempt says nothing). Used by `knit-sync emulate` and the embedded demo.
 */
import type { DeliveryProgress, DeliveryRetryPolicy } from './delivery';

/** A retry policy in words, for `--help`: `up to 6 times (backoff from 500 ms, doubling, at most 8 s apart)`. */
export function describeRetry(policy: DeliveryRetryPolicy): string {
  return `up to ${policy.attempts} times (backoff from ${policy.baseDelayMs} ms, doubling, at most ${policy.maxDelayMs / 1000} s apart)`;
}

/** The line for `progress`, or null when it needs none. No trailing newline. */
export function describeProgress(progress: DeliveryProgress): string | null {
  switch (progress.type) {
    case 'run-start':
      return `${progress.syncType} ${progress.syncRunId}: ${progress.events} record event(s) to ${progress.destination}`;
    case 'attempt': {
      if (progress.outcome === 'accepted' && progress.attempt === 1) return null;
      const what = `${progress.eventType}${progress.recordId ? ` ${progress.recordId}` : ''} ${progress.eventId}`;
      if (progress.outcome === 'accepted') return `${what}: accepted on attempt ${progress.attempt}`;
      const next = progress.outcome === 'retry' ? `retrying in ${((progress.retryInMs ?? 0) / 1000).toFixed(2)} s` : 'giving up';
      return `${what}: attempt ${progress.attempt} answered ${progress.answer}, ${next}`;
    }
    case 'run-end': {
      const r = progress.result;
      const answers =
        Object.entries(r.answers)
          .map(([answer, count]) => `${answer}×${count}`)
          .join(' ') || 'none';
      const ending = r.aborted ? ' (stopped)' : r.allConsumedDelivered ? ', sync.events.allConsumed delivered' : `, ${r.failed.length} event(s) never accepted`;
      return `${r.syncType} ${r.syncRunId}: ${r.consumed}/${r.emitted} consumed, ${r.retries} retries, answers ${answers}${ending}`;
    }
  }
}

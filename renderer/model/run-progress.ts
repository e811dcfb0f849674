/**
 * How far a sync run is: received record events against Knit's figures (emitted, then consumed), and what
 * is still awaited in words. Knit sends `sync.events.processed` once it has emitted every record event of
 * the run, then `sync.events.allConsumed` once the destination acknowledged them all (Knit guide,
 * "Sync events"; RunStatus in shared/api/types.ts).
 */
import type { RunSummary } from '../../shared/api/types';

export interface RunProgress {
  /** Accepted record.* events of the run. */
  received: number;
  /** Knit's target for the bar: consumed, else emitted, else null while unknown. */
  target: number | null;
  /** 0..1 for the bar; null when there is no target yet (an indeterminate bar). */
  fraction: number | null;
  /** What the run still waits for, in words, or null when completed. */
  awaited: string | null;
  /** Duration from Knit's start (or our first event) to completion (or the last event), in ms. */
  durationMs: number;
}

/** Record events per run (the counts map holds every event type). */
export const recordCount = (counts: Record<string, number>): number =>
  Object.entries(counts).reduce((n, [type, c]) => (type.startsWith('record.') ? n + c : n), 0);

/** The progress of `run`. */
export function runProgress(run: RunSummary): RunProgress {
  const received = recordCount(run.counts);
  const target = run.consumed ?? run.emitted;
  const fraction = target === null ? null : target === 0 ? 1 : Math.min(1, received / target);
  let awaited: string | null;
  if (run.status === 'running') awaited = 'waiting for sync.events.processed';
  else if (run.status === 'processed') awaited = 'waiting for sync.events.allConsumed';
  else awaited = null;
  if (awaited && run.emitted !== null && received < run.emitted) {
    awaited += ` (${run.emitted - received} of ${run.emitted} emitted events not received yet)`;
  }
  const start = Date.parse(run.startedAt ?? run.firstEventAt);
  const end = Date.parse(run.completedAt ?? run.lastEventAt);
  return { received, target, fraction, awaited, durationMs: Math.max(0, end - start) };
}

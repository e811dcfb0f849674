/**
 * What a run that is not completed really is: still in flight, or one that cannot finish any more. Knit sends
 * no "run aborted" event, so these are our judgement from the runs we hold:
 * - `superseded`: a newer initial sync of the same job completed (Knit's `sync.start` restarts the job);
 * - `interrupted`: its last event came before this Companion started (the server restarted mid-run; with the
 *   demo's emulator the run is gone for good) and nothing came since;
 * - `stalled`: no event for STALLED_AFTER_MS.
 * Pure: the renderer and the core use it alike.
 */
import type { RunStatus, RunSummary } from './types';

/** A run's status as shown: Knit's progress, or why it will not finish. */
export type RunState = RunStatus | 'superseded' | 'interrupted' | 'stalled';

/** No event for this long (ms) and a run is called stalled: 15 minutes. */
export const STALLED_AFTER_MS = 15 * 60 * 1000;

/**
 * The state of `run` among `runs`, at `now` (ms), for a Companion started at `companionStartedAt` (ISO, or
 * null when unknown).
 */
export function runState(run: RunSummary, runs: readonly RunSummary[], now: number, companionStartedAt: string | null): RunState {
  if (run.status === 'completed') return 'completed';
  if (run.syncType === 'initial_sync' && run.syncJobId !== null) {
    const newer = runs.some(
      (r) => r !== run && r.syncJobId === run.syncJobId && r.syncType === 'initial_sync' && r.status === 'completed' && r.firstEventAt > run.firstEventAt,
    );
    if (newer) return 'superseded';
  }
  if (companionStartedAt !== null && run.lastEventAt < companionStartedAt) return 'interrupted';
  if (now - Date.parse(run.lastEventAt) > STALLED_AFTER_MS) return 'stalled';
  return run.status;
}

/** Whether a run is still in flight (running or processed, not given up on). */
export const inFlight = (state: RunState): boolean => state === 'running' || state === 'processed';

/** The sentence shown beside a run that will not finish. */
export const RUN_STATE_SENTENCES: Partial<Record<RunState, string>> = {
  superseded: 'a newer initial sync of the same job completed',
  interrupted: 'the Companion restarted while it ran, and no event came since',
  stalled: 'no event for 15 minutes',
};

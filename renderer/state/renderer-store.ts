/**
 * The renderer store (not the journal store of electron/core/store): loads everything but the events and
 * the employees from the CompanionApi (screens ask for the window they show: queryEvents, queryEmployees),
 * then keeps it current from `subscribe()` batches,
 * applied at most once per animation frame. A batch with `reset` (a purge, or the transport reconnected)
 * drops everything and queries again. React reads it with useSyncExternalStore (use-companion.ts).
 */
import type { CompanionApi } from '../../shared/api/companion-api';
import type { UpdateBatch } from '../../shared/api/types';
import { applyBatches, initialState, type CompanionState } from './companion-state';
import { createFrameQueue, type FrameScheduler } from './frame-queue';

export interface RendererStore {
  getState(): CompanionState;
  subscribe(listener: () => void): () => void;
  /** Subscribes to updates and loads everything; resolves when the first load finished. */
  start(): Promise<void>;
  /** Drops local copies and queries everything again. */
  reload(): Promise<void>;
  stop(): void;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Called with the update batches just applied to the state (after listeners were told), for measurements
 * (test/bench/ui-bench.ts); absent in normal use, so it costs nothing.
 */
export type AppliedHook = (batches: readonly UpdateBatch[]) => void;

/** A store over `api`, flushing updates with `schedule` (requestAnimationFrame in the page). */
export function createRendererStore(api: CompanionApi, schedule: FrameScheduler, onApplied?: AppliedHook): RendererStore {
  let state = initialState();
  const listeners = new Set<() => void>();
  let generation = 0;
  /** Batches that arrived while a load was running, applied after it (their events are newer). */
  let held: UpdateBatch[] | null = null;
  let unsubscribe: (() => void) | null = null;

  const set = (next: CompanionState): void => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  };

  const queue = createFrameQueue<UpdateBatch>((batches) => {
    const resetAt = batches.findLastIndex((b) => b.reset);
    if (resetAt >= 0) {
      void reload();
      return;
    }
    if (held) held.push(...batches);
    else {
      set(applyBatches(state, batches));
      onApplied?.(batches);
    }
  }, schedule);

  async function load(): Promise<void> {
    const mine = ++generation;
    held = [];
    set(initialState());
    try {
      const [status, settings, runs, rejected, jobs, connections] = await Promise.all([
        api.getStatus(),
        api.getSettings(),
        api.listRuns(),
        api.listRejected(),
        api.listJobs(),
        api.getConnections(),
      ]);
      if (mine !== generation) return;
      set({ ...state, status, settings, runs, rejected, jobs, connections });
      const pending = held;
      held = null;
      const loaded = { ...state, loading: false, loadError: null, eventsVersion: state.eventsVersion + 1, employeesVersion: state.employeesVersion + 1 };
      set(applyBatches(loaded, pending));
      if (pending.length) onApplied?.(pending);
    } catch (err) {
      if (mine !== generation) return;
      held = null;
      set({ ...state, loading: false, loadError: `Could not load from the Companion: ${messageOf(err)}` });
    }
  }

  function reload(): Promise<void> {
    queue.clear();
    return load();
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      unsubscribe ??= api.subscribe((batch) => queue.push(batch));
      return load();
    },
    reload,
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      generation++;
    },
  };
}

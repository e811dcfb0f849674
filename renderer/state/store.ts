/**
 * The store: loads everything from the CompanionApi, then keeps it current from `subscribe()` batches,
 * applied at most once per animation frame. A batch with `reset` (a purge, or the transport reconnected)
 * drops everything and queries again. React reads it with useSyncExternalStore (use-companion.ts).
 */
import type { CompanionApi } from '../../shared/api/companion-api';
import type { EmployeeSummary, EventSummary, UpdateBatch } from '../../shared/api/types';
import { appendEvents, applyBatches, initialState, upsertEmployees, type CompanionState } from './companion-state';
import { createFrameQueue, type FrameScheduler } from './frame-queue';
import { yieldToMain } from './yield-to-main';

/**
 * Events per listEvents page while loading (ascending seq). Reading a response costs the page's main thread
 * in proportion to its size (Response.json(): ~70 ms per MB measured in Chromium on 2 busy cores, mostly
 * decoding the text), so pages of ~1 MB keep each task near 100 ms; 5,000 per page made tasks of 150-220 ms.
 */
export const EVENT_PAGE_SIZE = 2_500;
/** Employees per listEmployees page while loading ((integrationId, recordId) order): ~1.1 MB of JSON. */
export const EMPLOYEE_PAGE_SIZE = 2_500;
/** The User Timing mark set when a load finished (every page applied): in DevTools traces, and for test/bench/ui-bench.ts. */
export const LOADED_MARK = 'knit-sync:loaded';

export interface CompanionStore {
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
 * Fetches pages with `fetchAfter(last item of the previous page)` until one is shorter than `size`, handing
 * each to `apply` in order, in a task after the one that received it; the next page is requested before
 * that, so the server prepares it meanwhile. Stops without applying once `current()` is false. Rejects with
 * the first failed fetch.
 */
async function loadPages<T>(fetchAfter: (last?: T) => Promise<T[]>, size: number, apply: (page: T[]) => void, current: () => boolean): Promise<void> {
  let next = fetchAfter();
  for (;;) {
    const page = await next;
    if (!current()) return;
    const last = page[page.length - 1];
    const more = last !== undefined && page.length >= size;
    if (more) {
      next = fetchAfter(last);
      next.catch(() => undefined); // awaited below; not unhandled if this load is abandoned meanwhile
    }
    await yieldToMain();
    if (!current()) return;
    apply(page);
    if (!more) return;
  }
}

/**
 * Called with the update batches just applied to the state (after listeners were told), for measurements
 * (test/bench/ui-bench.ts); absent in normal use, so it costs nothing.
 */
export type AppliedHook = (batches: readonly UpdateBatch[]) => void;

/** A store over `api`, flushing updates with `schedule` (requestAnimationFrame in the page). */
export function createCompanionStore(api: CompanionApi, schedule: FrameScheduler, onApplied?: AppliedHook): CompanionStore {
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

  /**
   * Loads everything; events and employees page by page (two chains side by side, each requesting its next
   * page before applying the one it has), every page applied in a task of its own after the one that parsed
   * it, so the list shows what has loaded while the rest loads and no step blocks the page for long: the
   * directory of 100,000 employees as one response took one 1.4-2 s task to parse. Update batches arriving
   * meanwhile are held and applied after the last page (their events are newer).
   */
  async function load(): Promise<void> {
    const mine = ++generation;
    const current = (): boolean => mine === generation;
    held = [];
    set(initialState());
    try {
      await yieldToMain(); // the requests go out in a task of their own, not in the one that evaluated the page's scripts
      if (!current()) return;
      await Promise.all([
        Promise.all([api.getStatus(), api.getSettings(), api.listRuns(), api.listRejected(), api.listJobs()]).then(([status, settings, runs, rejected, jobs]) => {
          if (current()) set({ ...state, status, settings, runs, rejected, jobs });
        }),
        loadPages(
          (last?: EventSummary) => api.listEvents({ afterSeq: last?.seq ?? 0, limit: EVENT_PAGE_SIZE }),
          EVENT_PAGE_SIZE,
          (page) => set(appendEvents(state, page)),
          current,
        ),
        loadPages(
          (last?: EmployeeSummary) =>
            api.listEmployees({ includeDeleted: true, limit: EMPLOYEE_PAGE_SIZE, ...(last && { afterKey: { integrationId: last.integrationId, recordId: last.recordId } }) }),
          EMPLOYEE_PAGE_SIZE,
          (page) => set(upsertEmployees(state, page)),
          current,
        ),
      ]);
      if (!current()) return;
      const pending = held;
      held = null;
      set(applyBatches({ ...state, loading: false, loadError: null }, pending));
      if (pending.length) onApplied?.(pending);
      performance.mark(LOADED_MARK);
    } catch (err) {
      if (!current()) return;
      generation++; // the other chains stop at their next page
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

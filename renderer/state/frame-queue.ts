/**
 * Queues incoming items and hands them over in one call per animation frame, so a burst of update
 * messages costs one state change and one render (DESIGN.md "Live updates"). The scheduler is injected
 * (`requestAnimationFrame` in the page, a fake in tests).
 */

export type FrameScheduler = (callback: () => void) => unknown;

export interface FrameQueue<T> {
  /** Adds an item; schedules a flush for the next frame unless one is pending. */
  push(item: T): void;
  /** Drops queued items (e.g. after a reset). */
  clear(): void;
  /** Items waiting for the next frame. */
  readonly pending: number;
}

/** A queue calling `flush(items)` at most once per frame with every item pushed since the last flush. */
export function createFrameQueue<T>(flush: (items: T[]) => void, schedule: FrameScheduler): FrameQueue<T> {
  let items: T[] = [];
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    const batch = items;
    items = [];
    if (batch.length > 0) flush(batch);
  };
  return {
    push(item) {
      items.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    },
    clear() {
      items = [];
    },
    get pending() {
      return items.length;
    },
  };
}

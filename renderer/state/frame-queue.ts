/**
 * Queues incoming items and hands them over in one call per animation frame, so a burst of update
 * messages costs one state change and one render (ARCHITECTURE.md "Live updates"). The scheduler is injected
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

/** What `throttledFrames` needs from the page (injected so tests run without one). */
export interface FrameClock {
  requestFrame: (callback: () => void) => unknown;
  setTimer: (callback: () => void, ms: number) => unknown;
  /** ms, monotonic. */
  now: () => number;
}

/**
 * A FrameScheduler running each callback in an animation frame that starts at least `minMs` after the
 * previous one ran: while events stream in, the store then changes (and the events list re-renders) at most
 * 1000 / minMs times a second instead of every frame, leaving the main thread idle time between renders
 * (for input, and for the garbage collector's incremental work, whose pauses were the longest tasks left).
 * A callback scheduled after a quiet spell runs in the next frame, without delay.
 */
export function throttledFrames(minMs: number, clock: FrameClock): FrameScheduler {
  let last = Number.NEGATIVE_INFINITY;
  const inFrame = (callback: () => void) => () =>
    clock.requestFrame(() => {
      last = clock.now();
      callback();
    });
  return (callback) => {
    const wait = last + minMs - clock.now();
    if (wait > 0) clock.setTimer(inFrame(callback), wait);
    else inFrame(callback)();
  };
}

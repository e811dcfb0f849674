/** A delivery run's view of its job's abort signal (delivery.ts). */

/** What a run needs of the job's abort signal, through one listener. */
export interface RunAbort {
  /** Resolves when the job's signal aborts. */
  aborted: Promise<void>;
  /** Resolves true after `ms`, or false at once on an abort (its timer cleared). */
  wait(ms: number): Promise<boolean>;
  /** Aborts `controller` (a request in flight) when the job's signal aborts, until the returned function is called. */
  track(controller: AbortController): () => void;
  /** Removes the listener. */
  dispose(): void;
}

/**
 * A run's view of the job's abort signal, with ONE listener for the run. The signal outlives each run, so a
 * listener left behind per run (or one per waiting retry or request, hundreds at once) piled up into
 * MaxListenersExceededWarning.
 */
export function untilAborted(signal: AbortSignal | undefined): RunAbort {
  const waits = new Map<NodeJS.Timeout, (slept: boolean) => void>();
  const requests = new Set<AbortController>();
  let onAbort = (): void => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => {
      for (const [timer, done] of waits) {
        clearTimeout(timer);
        done(false);
      }
      waits.clear();
      for (const controller of requests) controller.abort();
      requests.clear();
      resolve();
    };
  });
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    aborted,
    wait: (ms) =>
      signal?.aborted
        ? Promise.resolve(false)
        : new Promise((resolve) => {
            const timer = setTimeout(() => {
              waits.delete(timer);
              resolve(true);
            }, ms);
            waits.set(timer, resolve);
          }),
    track: (controller) => {
      if (signal?.aborted) controller.abort();
      else requests.add(controller);
      return () => requests.delete(controller);
    },
    dispose: () => signal?.removeEventListener('abort', onAbort),
  };
}

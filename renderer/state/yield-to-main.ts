/**
 * Ends the current main-thread task and resumes in a new one, so long work split in steps (a page parsed,
 * then applied and rendered) never makes one long task: input and rendering get their turn in between.
 * Uses `scheduler.yield()` where the page has it (Chromium 129+: the continuation runs before other queued
 * tasks, and is not throttled in a background tab), else a 0 ms timer (Node, in tests).
 * Source: https://developer.chrome.com/blog/use-scheduler-yield
 */
interface YieldingScheduler {
  yield(): Promise<void>;
}

export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<YieldingScheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

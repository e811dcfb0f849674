/**
 * The scorecard of the handler check suite (`knit-sync check`, and Settings → Forwarding → Check in the UI):
 * which of Knit's webhook rules a handler keeps. Produced by electron/core/check/runner.ts.
 */

/** `warn` only for the answer-time check: slower than half the limit, within it. */
export type CheckOutcome = 'pass' | 'fail' | 'warn';

/** One check's result: one line of the CLI's output, one row of the UI's scorecard. */
export interface CheckResult {
  /** Stable id, e.g. `duplicate-event`. */
  id: string;
  outcome: CheckOutcome;
  /** What was sent, in words. */
  sent: string;
  /** What came back: statuses with counts, the slowest answer, the first unexpected answer's start. */
  got: string;
  /** What Knit would do about it (or what a forger could do). */
  knit: string;
  /** Wall time of the check's requests in ms (0 for the answer-time check). */
  durationMs: number;
  /** Requests the check sent. */
  requests: number;
}

/** A whole run of the suite. */
export interface CheckReport {
  url: string;
  /** The answer-time limit in ms. */
  timeoutMs: number;
  results: CheckResult[];
  passed: number;
  warned: number;
  failed: number;
  /** Requests sent in all. */
  requests: number;
  durationMs: number;
}

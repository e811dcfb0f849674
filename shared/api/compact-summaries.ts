/**
 * One string instance per distinct value of the fields that repeat across summaries (event type, category,
 * sync type, job, run and integration ids, environment). JSON.parse makes a new string for every occurrence: with 100,000 employees and 120,000
 * events held, that is tens of MB of copies of the same few ids, and more for the garbage collector to mark.
 * Used where summaries are held: the core's state (electron/core/state/apply.ts, the snapshot loader); the
 * employee directory keeps its repeated values as dictionary codes instead (electron/core/state/employee-columns.ts).
 *
 * The pool is bounded: past POOL_CAP distinct strings it starts over (a missed share costs memory, never
 * correctness). Summaries are updated in place; a value is the same string before and after, so no reader
 * can tell.
 */

const POOL_CAP = 50_000;
let pool = new Map<string, string>();

/** The shared copy of `value` (itself the first time); null stays null. */
export function intern<T extends string | null>(value: T): T {
  if (value === null) return value;
  const shared = pool.get(value);
  if (shared !== undefined) return shared as T;
  if (pool.size >= POOL_CAP) pool = new Map();
  pool.set(value, value);
  return value;
}

/** The flags of an event without any: one frozen array shared by all of them. */
export const NO_FLAGS: readonly never[] = Object.freeze([]);

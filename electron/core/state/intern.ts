/**
 * One shared copy of the few strings that repeat across every event and employee of a data folder (event
 * types, sync types, job, run and integration ids, environments, departments, statuses). JSON.parse makes a
 * new string for each occurrence; with 100,000 employees and 120,000 events stored that is tens of MB of
 * copies. The pool is bounded: past POOL_CAP distinct strings it starts over (a missed share costs memory,
 * never correctness).
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

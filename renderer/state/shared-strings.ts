/**
 * One string instance per distinct value of the fields that repeat across summaries (event type, sync type,
 * run, job, integration, environment; department, designation, manager of employees). JSON.parse makes a new
 * string for every value longer than a few characters, so 100,000 events held 100,000 copies of the same run
 * id: sharing them makes each held summary about a quarter smaller, which shortens the garbage collector's
 * pauses (less to mark, fewer bytes surviving each scavenge while events stream in).
 *
 * Summaries are updated in place (they come straight from JSON.parse and belong to the store); a value is the
 * same string before and after, so no reader can tell.
 */
import type { EmployeeSummary, EventFlag, EventSummary } from '../../shared/api/types';

/** Distinct values held at most; past it the pool starts over (only sharing is lost, never a value). */
const POOL_LIMIT = 50_000;
const pool = new Map<string, string>();

/** The pooled instance of `s` (itself when first seen); null stays null. */
function shared<T extends string | null>(s: T): T {
  if (s === null) return s;
  const held = pool.get(s);
  if (held !== undefined) return held as T;
  if (pool.size >= POOL_LIMIT) pool.clear();
  pool.set(s, s);
  return s;
}

const NO_FLAGS: EventFlag[] = Object.freeze([]) as unknown as EventFlag[];

/** `e` with its repeating fields pooled and an empty `flags` shared (mutated in place, returned). */
export function compactEvent(e: EventSummary): EventSummary {
  e.eventType = shared(e.eventType);
  e.category = shared(e.category);
  e.syncType = shared(e.syncType);
  e.syncJobId = shared(e.syncJobId);
  e.syncRunId = shared(e.syncRunId);
  e.integrationId = shared(e.integrationId);
  e.environment = shared(e.environment);
  if (e.flags.length === 0) e.flags = NO_FLAGS;
  return e;
}

/** `e` with its repeating fields pooled (mutated in place, returned). */
export function compactEmployee(e: EmployeeSummary): EmployeeSummary {
  e.integrationId = shared(e.integrationId);
  e.department = shared(e.department);
  e.designation = shared(e.designation);
  e.managerId = shared(e.managerId);
  e.managerName = shared(e.managerName);
  e.employmentStatus = shared(e.employmentStatus);
  return e;
}

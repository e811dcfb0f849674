/**
 * The renderer's one state: everything the Companion told us, kept current by UpdateBatches.
 * `applyBatches` is pure: it returns a new state sharing unchanged parts, so React re-renders only the
 * screens whose slice changed.
 */
import type { CompanionStatus, EmployeeSummary, EventSummary, RejectedDelivery, RunSummary, Settings, SyncJob, UpdateBatch } from '../../shared/api/types';
import { EmployeeDirectory } from './employee-directory';
import type { ConnectView } from '../../shared/api/connect';
import { EventList } from './event-list';
import { compactEmployee, compactEvent } from '../../shared/api/compact-summaries';

export interface CompanionState {
  /** Every accepted event, ascending `seq`. */
  events: EventList;
  /**
   * eventId → index in `events`. Append-only and shared by successive states (copying 100,000 entries per
   * frame would cost more than the frame); a new map is made only when the events are replaced (load, reset).
   */
  eventIndex: ReadonlyMap<string, number>;
  runs: readonly RunSummary[];
  /**
   * Including deleted ones (shown apart). Upserts are applied lazily (employee-directory.ts): screens read
   * `employees.toArray()`, built once per version, so no copy is made while no screen shows employees.
   */
  employees: EmployeeDirectory;
  /** Oldest first, as the Companion lists them. */
  rejected: readonly RejectedDelivery[];
  jobs: readonly SyncJob[];
  status: CompanionStatus | null;
  settings: Settings | null;
  /** Connected integrations and connect settings (issue 15); null until loaded. */
  connections: ConnectView | null;
  /** True until the first full load finished. */
  loading: boolean;
  /** The last load failure in words, or null. */
  loadError: string | null;
}

/** The state before anything was loaded; call `initialState()` for a fresh one (it owns a new index). */
export const initialState = (): CompanionState => ({
  events: EventList.empty(),
  eventIndex: new Map(),
  runs: [],
  employees: EmployeeDirectory.empty(),
  rejected: [],
  jobs: [],
  status: null,
  settings: null,
  connections: null,
  loading: true,
  loadError: null,
});

/** Upserts `incoming` into `list` by key, keeping order (new items appended). */
function upsert<T>(list: readonly T[], incoming: readonly T[], keyOf: (t: T) => string): readonly T[] {
  if (incoming.length === 0) return list;
  const index = new Map(list.map((t, i) => [keyOf(t), i]));
  const out = list.slice();
  for (const item of incoming) {
    const at = index.get(keyOf(item));
    if (at === undefined) {
      index.set(keyOf(item), out.length);
      out.push(item);
    } else out[at] = item;
  }
  return out;
}

/**
 * Appends events newer than the last one held (duplicates and stale ones ignored). Mutates no state; the
 * incoming summaries, fresh from the transport, get their repeating strings shared (shared/api/compact-summaries.ts).
 */
export function appendEvents(state: CompanionState, incoming: readonly EventSummary[]): CompanionState {
  const lastSeq = state.events.last?.seq ?? 0;
  const fresh = incoming.filter((e, i) => e.seq > lastSeq && (i === 0 || e.seq > (incoming[i - 1]?.seq ?? 0)));
  if (fresh.length === 0) return state;
  for (const e of fresh) compactEvent(e);
  const events = state.events.append(fresh);
  const eventIndex = state.eventIndex as Map<string, number>;
  for (let i = state.events.length; i < events.length; i++) eventIndex.set(events.get(i)!.eventId, i);
  return { ...state, events };
}

/** `state` with `employees` replacing the directory (taken over, not copied; their repeating strings shared). */
export function withEmployees(state: CompanionState, employees: readonly EmployeeSummary[]): CompanionState {
  for (const e of employees) compactEmployee(e);
  return { ...state, employees: EmployeeDirectory.of(employees) };
}

/** Upserts employees: O(incoming), the array is built when a screen reads it. */
function upsertEmployees(state: CompanionState, incoming: readonly EmployeeSummary[]): CompanionState {
  if (incoming.length === 0) return state;
  for (const e of incoming) compactEmployee(e);
  return { ...state, employees: state.employees.upsert(incoming) };
}

/**
 * Applies batches in order. A batch with `reset` must be handled by the store (re-query) before this.
 * Upserts are gathered over all the batches and applied once (one copy of each small list per frame, not per batch);
 * employees are applied before a removal so the order of the batches is kept.
 */
export function applyBatches(state: CompanionState, batches: readonly UpdateBatch[]): CompanionState {
  let next = state;
  const employees: EmployeeSummary[] = [];
  const runs: RunSummary[] = [];
  const rejected: RejectedDelivery[] = [];
  const jobs: SyncJob[] = [];
  for (const b of batches) {
    if (b.events?.length) next = appendEvents(next, b.events);
    if (b.eventsChanged?.length) {
      const changes: Array<[number, EventSummary]> = [];
      for (const e of b.eventsChanged) {
        const at = next.eventIndex.get(e.eventId);
        if (at !== undefined) changes.push([at, compactEvent(e)]);
      }
      if (changes.length) next = { ...next, events: next.events.replace(changes) };
    }
    if (b.employees?.length) employees.push(...b.employees);
    if (b.runs?.length) runs.push(...b.runs);
    if (b.rejected?.length) rejected.push(...b.rejected);
    if (b.jobs?.length) jobs.push(...b.jobs);
    if (b.status) next = { ...next, status: b.status };
    if (b.settings) next = { ...next, settings: b.settings };
    if (b.connections) next = { ...next, connections: b.connections };
  }
  next = upsertEmployees(next, employees);
  if (runs.length) next = { ...next, runs: upsert(next.runs, runs, (r) => r.syncRunId) };
  if (rejected.length) next = { ...next, rejected: upsert(next.rejected, rejected, (r) => String(r.id)) };
  if (jobs.length) next = { ...next, jobs: upsert(next.jobs, jobs, (j) => j.integrationId) };
  return next;
}

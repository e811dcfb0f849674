/**
 * The renderer's one state: everything the Companion told us, kept current by UpdateBatches.
 * `applyBatches` is pure: it returns a new state sharing unchanged parts, so React re-renders only the
 * screens whose slice changed.
 */
import type { CompanionStatus, EmployeeSummary, RejectedDelivery, RunSummary, Settings, SyncJob, UpdateBatch } from '../../shared/api/types';
import type { ConnectView } from '../../shared/api/connect';
import { employeeKey } from '../../shared/api/employee-key';

export interface CompanionState {
  /**
   * Bumped by every batch that brought or changed events: the event lists ask the Companion for their window
   * again (queryEvents), at most once per animation frame since batches are applied once per frame. The
   * renderer holds no list of every event.
   */
  eventsVersion: number;
  runs: readonly RunSummary[];
  /**
   * Bumped by every frame of batches that added or changed employees: the Employees screen asks the Companion
   * again for what it shows (queryEmployees, employeeDepartments, employeeOrgTree). The renderer holds no
   * directory.
   */
  employeesVersion: number;
  /** The employeeKeys changed by the batches of that bump, so that an open employee is asked again only when it changed. */
  employeesChanged: ReadonlySet<string>;
  /** The integrationIds seen in employee batches (the Employees screen learns the stored ones from its answers). */
  employeeIntegrations: readonly string[];
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

/** The state before anything was loaded. */
export const initialState = (): CompanionState => ({
  eventsVersion: 0,
  runs: [],
  employeesVersion: 0,
  employeesChanged: new Set(),
  employeeIntegrations: [],
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

/** `state` after a frame of employee changes: a version bump, the changed keys and any new integrationId. */
function employeesChanged(state: CompanionState, employees: readonly EmployeeSummary[]): CompanionState {
  if (employees.length === 0) return state;
  const keys = new Set<string>();
  const integrations = new Set(state.employeeIntegrations);
  const known = integrations.size;
  for (const e of employees) {
    keys.add(employeeKey(e.integrationId, e.recordId));
    integrations.add(e.integrationId);
  }
  return {
    ...state,
    employeesVersion: state.employeesVersion + 1,
    employeesChanged: keys,
    employeeIntegrations: integrations.size === known ? state.employeeIntegrations : [...integrations],
  };
}

/**
 * Applies batches in order. A batch with `reset` must be handled by the store (re-query) before this.
 * Upserts are gathered over all the batches and applied once (one copy of each small list per frame, not per batch).
 */
export function applyBatches(state: CompanionState, batches: readonly UpdateBatch[]): CompanionState {
  let next = state;
  const employees: EmployeeSummary[] = [];
  const runs: RunSummary[] = [];
  const rejected: RejectedDelivery[] = [];
  const jobs: SyncJob[] = [];
  let eventsChanged = false;
  for (const b of batches) {
    if (b.events?.length || b.eventsChanged?.length) eventsChanged = true;
    if (b.employees?.length) employees.push(...b.employees);
    if (b.runs?.length) runs.push(...b.runs);
    if (b.rejected?.length) rejected.push(...b.rejected);
    if (b.jobs?.length) jobs.push(...b.jobs);
    if (b.status) next = { ...next, status: b.status };
    if (b.settings) next = { ...next, settings: b.settings };
    if (b.connections) next = { ...next, connections: b.connections };
  }
  if (eventsChanged) next = { ...next, eventsVersion: next.eventsVersion + 1 };
  next = employeesChanged(next, employees);
  if (runs.length) next = { ...next, runs: upsert(next.runs, runs, (r) => r.syncRunId) };
  if (rejected.length) next = { ...next, rejected: upsert(next.rejected, rejected, (r) => String(r.id)) };
  if (jobs.length) next = { ...next, jobs: upsert(next.jobs, jobs, (j) => j.integrationId) };
  return next;
}

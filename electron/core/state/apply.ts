/**
 * Applies one accepted event to the state, in arrival order (Knit's events carry no sequence number:
 * ARCHITECTURE.md "Data flow of one event", step 7; shared/knit/README.md "Webhook delivery").
 * - employees are keyed by (integrationId, recordId); `record.new` / `record.modified` set the current version
 *   (a modify of an unknown record creates it; new or modified after a delete revives it);
 * - `record.deleted` marks the employee deleted and keeps its last data, the time and event of that data;
 *   a delete of an unknown record is kept as an event only;
 * - runs are keyed by syncRunId: counts per event type, status running → processed
 *   (`sync.events.processed`) → completed (`sync.events.allConsumed`), Knit's figures and epoch-ms times.
 */
import type { EmployeeSummary, EventCategory, EventFlag, RunSummary } from '../../../shared/api/types';
import type { EventEnvelope } from '../../../shared/knit/events';
import { NO_INTEGRATION, employeeKey, type EventMeta, type State } from './state';
import { intern, NO_FLAGS } from '../../../shared/api/compact-summaries';

/** An event ready to apply: journal facts plus its parsed body. */
export interface AcceptedEvent {
  seq: number;
  eventId: string;
  receivedAt: string;
  environment: string;
  integrationId: string | null;
  flags: EventFlag[];
  body: EventEnvelope;
  offset: number;
  length: number;
}

/** What one apply changed, for the update stream. */
export interface AppliedChanges {
  event: EventMeta;
  employee: EmployeeSummary | null;
  run: RunSummary | null;
}

/** Applies `e` to `state` and returns the new entries. `e.seq` must be greater than every applied seq. */
export function applyEvent(state: State, e: AcceptedEvent): AppliedChanges {
  const body = e.body;
  const eventData = asRecord(body.eventData);
  const recordId = str(body.recordId);
  const syncRunId = intern(str(body.syncRunId));
  let name: string | null = null;
  let email: string | null = null;
  let prevSeq: number | null = null;
  let employee: EmployeeSummary | null = null;

  if (recordId !== null && (body.eventType === 'record.new' || body.eventType === 'record.modified' || body.eventType === 'record.deleted')) {
    const key = employeeKey(e.integrationId ?? NO_INTEGRATION, recordId);
    const prev = state.employees.get(key);
    prevSeq = prev ? (state.events.seqOf(prev.lastEventId) ?? null) : null;
    if (body.eventType === 'record.deleted') {
      email = str(eventData.workEmail) ?? prev?.email ?? null;
      name = prev?.name ?? null;
      if (prev) employee = { ...prev, deleted: true, deletedAt: e.receivedAt, versions: prev.versions + 1 };
    } else {
      employee = summarizeEmployee(e.integrationId ?? NO_INTEGRATION, recordId, eventData, e, (prev?.versions ?? 0) + 1);
      name = employee.name;
      email = employee.email;
    }
    if (employee) state.employees.set(key, employee);
  }

  const meta: EventMeta = {
    seq: e.seq,
    eventId: e.eventId,
    eventType: intern(body.eventType),
    category: categoryOf(body.eventType),
    syncType: intern(str(body.syncType)),
    syncJobId: intern(str(body.syncJobId)),
    syncRunId,
    recordId,
    integrationId: intern(e.integrationId),
    receivedAt: e.receivedAt,
    environment: intern(e.environment),
    retries: 0,
    name,
    email,
    flags: e.flags.length === 0 ? (NO_FLAGS as unknown as EventFlag[]) : e.flags,
    offset: e.offset,
    length: e.length,
    prevSeq,
  };
  state.events.append(meta);
  state.lastSeq = e.seq;

  const run = syncRunId === null ? null : applyRun(state, syncRunId, meta, eventData);
  return { event: meta, employee, run };
}

/** Counts a redelivery of `eventId`; returns the event as it now is, or null when the event is unknown (purged). */
export function applyRetry(state: State, eventId: string): EventMeta | null {
  const position = state.events.positionOf(eventId);
  state.retries++;
  if (position === -1) return null;
  state.events.addRetry(position);
  const meta = state.events.at(position)!;
  const run = meta.syncRunId === null ? undefined : state.runs.get(meta.syncRunId);
  if (run) state.runs.set(run.syncRunId, { ...run, redeliveries: (run.redeliveries ?? 0) + 1 });
  return meta;
}

/** The UI colour family of an event type: undocumented types (e.g. sync.heartbeat) are `unknown`. */
export function categoryOf(eventType: string): EventCategory {
  if (eventType === 'record.new') return 'new';
  if (eventType === 'record.modified') return 'modified';
  if (eventType === 'record.deleted') return 'deleted';
  if (eventType === 'sync.events.processed' || eventType === 'sync.events.allConsumed') return 'sync';
  return 'unknown';
}

function applyRun(state: State, syncRunId: string, event: EventMeta, eventData: Record<string, unknown>): RunSummary {
  const prev = state.runs.get(syncRunId);
  const run: RunSummary = prev ? { ...prev, counts: Object.assign(emptyCounts(), prev.counts) } : newRun(syncRunId, event.receivedAt);
  run.syncJobId ??= event.syncJobId;
  run.integrationId ??= event.integrationId;
  run.syncType ??= event.syncType;
  if (event.receivedAt < run.firstEventAt) run.firstEventAt = event.receivedAt;
  if (event.receivedAt > run.lastEventAt) run.lastEventAt = event.receivedAt;
  run.counts[event.eventType] = (run.counts[event.eventType] ?? 0) + 1;
  if (event.eventType === 'sync.events.processed' || event.eventType === 'sync.events.allConsumed') {
    if (event.eventType === 'sync.events.allConsumed') run.status = 'completed';
    else if (run.status === 'running') run.status = 'processed';
    run.processed = num(eventData.processed) ?? run.processed;
    run.emitted = num(eventData.emitted) ?? run.emitted;
    run.consumed = num(eventData.consumed) ?? run.consumed;
    run.startedAt = epochToIso(eventData.startedAt) ?? run.startedAt;
    run.processedAt = epochToIso(eventData.processedAt) ?? run.processedAt;
    run.completedAt = epochToIso(eventData.completedAt) ?? run.completedAt;
  }
  state.runs.set(syncRunId, run);
  return run;
}

/** The directory entry of a record from its `eventData` (profile and orgStructure, per shared/knit/README.md). */
function summarizeEmployee(integrationId: string, recordId: string, eventData: Record<string, unknown>, e: AcceptedEvent, versions: number): EmployeeSummary {
  const profile = asRecord(eventData.profile);
  const org = asRecord(eventData.orgStructure);
  const manager = asRecord(org.manager);
  return {
    integrationId: intern(integrationId),
    recordId,
    deleted: false,
    name: fullName(profile),
    email: str(profile.workEmail),
    employeeNumber: str(profile.employeeNumber),
    department: intern(named(org.department)),
    designation: intern(named(org.designation)),
    managerId: intern(str(manager.id)),
    managerName: intern(fullName(manager)),
    employmentStatus: intern(str(profile.employmentStatus)),
    updatedAt: e.receivedAt,
    lastEventId: e.eventId,
    deletedAt: null,
    versions,
  };
}

/** `firstName lastName` when either is set. */
export function fullName(person: Record<string, unknown>): string | null {
  const parts = [str(person.firstName), str(person.lastName)].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** A string, or the `name` of an object (departments are sometimes objects). */
function named(value: unknown): string | null {
  return str(value) ?? str(asRecord(value).name);
}

/** A non-empty string, a number as a string, else null. */
export function str(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

/** Knit's epoch-millisecond times (strings of digits, or numbers) as ISO 8601; null when absent or invalid. */
export function epochToIso(value: unknown): string | null {
  const ms = num(value);
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The value when it is a plain object, else an empty object. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A run as first seen: `running`, Knit's figures and times unknown (null) until its sync events arrive, no
 * counts yet. `receivedAt` (ISO 8601) is both its first and last event time.
 */
export function newRun(syncRunId: string, receivedAt: string): RunSummary {
  return {
    syncRunId,
    syncJobId: null,
    integrationId: null,
    syncType: null,
    status: 'running',
    processed: null,
    emitted: null,
    consumed: null,
    startedAt: null,
    processedAt: null,
    completedAt: null,
    firstEventAt: receivedAt,
    lastEventAt: receivedAt,
    counts: emptyCounts(),
  };
}

/**
 * A run's counts by event type, with a null prototype: the types come from signed but arbitrary input, and an
 * `eventType` of `constructor` or `__proto__` must count as itself, not reach Object.prototype.
 */
function emptyCounts(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

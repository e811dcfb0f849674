/**
 * The in-memory state of a data folder: compact summaries only (full bodies stay in the journal and are read
 * back by offset). The events are columns (event-table.ts); employees and runs are replaced, never mutated.
 * A snapshot captures all of it in one synchronous pass (store/snapshot.ts): views of the append-only event
 * columns cut at their length, a copy of the one changed in place (retries), references to the rest.
 */
import type { EventSummary, RunSummary } from '../../../shared/api/types';
import type { SharedFile } from './columns/file-region';
import { EmployeeTable } from './employee-table';
import { EventTable } from './event-table';

/**
 * The integration id used in employee keys when a delivery had no `X-Knit-Integration-Id` header (the event
 * itself keeps `integrationId: null`). Knit's ids never contain parentheses, so it cannot collide.
 */
export const NO_INTEGRATION = '(none)';

/** An accepted event as indexed: its summary plus where its journal line is and the version before it. */
export interface EventMeta extends EventSummary {
  /** Byte offset and length of the event's journal line (without the newline). */
  offset: number;
  length: number;
  /** For `record.*`: seq of the event that set the record's previous version; null for a first version. */
  prevSeq: number | null;
}

export { employeeKey } from '../../../shared/api/employee-key';

/** Everything the Companion answers queries from. */
export class State {
  /** Accepted events in arrival order (ascending seq), by eventId and by position. */
  readonly events: EventTable;
  /** The directory, by `employeeKey(integrationId, recordId)`. */
  readonly employees: EmployeeTable;
  readonly runs = new Map<string, RunSummary>();
  /** Redeliveries counted so far (all events). */
  retries = 0;
  lastSeq = 0;
  /** The snapshot file its text columns were last read from or moved to (null: all in memory); see file-region.ts. */
  file: SharedFile | null = null;

  /** A new state, empty or over the tables of a snapshot. */
  constructor(events: EventTable = new EventTable(), employees: EmployeeTable = new EmployeeTable()) {
    this.events = events;
    this.employees = employees;
  }

  /** How many employees are not deleted. */
  activeEmployees(): number {
    return this.employees.active;
  }
}

/** An EventMeta without its storage fields: what crosses the API. */
export function toEventSummary(meta: EventMeta): EventSummary {
  const { offset: _o, length: _l, prevSeq: _p, ...summary } = meta;
  return summary;
}

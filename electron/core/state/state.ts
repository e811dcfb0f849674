/**
 * The in-memory state of a data folder: compact, immutable summaries only (full bodies stay in the journal
 * and are read back by offset). Entries are replaced, never mutated, so a snapshot can capture consistent
 * references in one synchronous pass (store/snapshot.ts).
 */
import type { EventSummary, RunSummary } from '../../../shared/api/types';
import { EmployeeTable } from './employee-table';

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
  /** Accepted events by eventId. */
  readonly events = new Map<string, EventMeta>();
  /** eventIds in arrival order (ascending seq). */
  readonly order: string[] = [];
  /** The seq of each event in `order`, for paging by seq. */
  readonly seqs: number[] = [];
  /** The directory, by `employeeKey(integrationId, recordId)`. */
  readonly employees = new EmployeeTable();
  readonly runs = new Map<string, RunSummary>();
  /** Redeliveries counted so far (all events). */
  retries = 0;
  lastSeq = 0;

  /** The index in `order` of the first event with seq greater than `afterSeq`. */
  indexAfter(afterSeq: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? 0) <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The event with this seq, or undefined. */
  bySeq(seq: number): EventMeta | undefined {
    const i = this.indexAfter(seq - 1);
    const id = this.seqs[i] === seq ? this.order[i] : undefined;
    return id === undefined ? undefined : this.events.get(id);
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

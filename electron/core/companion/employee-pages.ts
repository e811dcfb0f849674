/**
 * `listEmployees` (shared/api/companion-api.ts): the directory in (integrationId, recordId) order, whole or
 * one page after a key. The order is kept between calls: a State's directory only ever gains keys (a purge
 * replaces the whole State, electron/core/store/journal-store.ts), so while the map is the same object a larger size
 * means new keys, and those are the last ones in its insertion order. They are sorted and merged in, O(n);
 * the whole directory is sorted only for a new map. A page then costs O(log n + page) instead of a sort per
 * call (README "Performance").
 */
import type { EmployeeKey, EmployeeQuery } from '../../../shared/api/companion-api';
import type { EmployeeSummary } from '../../../shared/api/types';

/** One directory entry's place in the order: its map key and the two ids it is sorted by. */
interface Slot {
  key: string;
  integrationId: string;
  recordId: string;
}

/** (integrationId, recordId) in UTF-16 code unit order: < 0, 0 or > 0. */
const compareKeys = (a: EmployeeKey, b: EmployeeKey): number =>
  a.integrationId < b.integrationId ? -1 : a.integrationId > b.integrationId ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;

/** Merges two sorted runs into a new sorted array. */
function merge(a: readonly Slot[], b: readonly Slot[]): Slot[] {
  const out: Slot[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareKeys(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The sorted order of one employee directory (`State.employees`: employeeKey → summary), kept up to date lazily. */
export class EmployeeOrder {
  private directory: ReadonlyMap<string, EmployeeSummary> | null = null;
  private slots: Slot[] = [];

  /**
   * The employees of `directory` matching `query`, in (integrationId, recordId) order: after `query.afterKey`
   * when given (that key need not exist), at most `query.limit` (default: all), deleted ones only with
   * `includeDeleted`. The summaries are the directory's own objects.
   */
  list(directory: ReadonlyMap<string, EmployeeSummary>, query: EmployeeQuery = {}): EmployeeSummary[] {
    const slots = this.sortedSlots(directory);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const out: EmployeeSummary[] = [];
    for (let i = query.afterKey ? this.indexAfter(query.afterKey) : 0; i < slots.length && out.length < limit; i++) {
      const e = directory.get(slots[i]!.key)!;
      if (e.deleted && !query.includeDeleted) continue;
      if (query.integrationId !== undefined && e.integrationId !== query.integrationId) continue;
      out.push(e);
    }
    return out;
  }

  /** The slots of `directory`, sorted: merged with its new keys, or sorted afresh for another map. */
  private sortedSlots(directory: ReadonlyMap<string, EmployeeSummary>): Slot[] {
    if (directory !== this.directory || directory.size < this.slots.length) {
      this.directory = directory;
      this.slots = [];
    }
    if (directory.size === this.slots.length) return this.slots;
    const fresh: Slot[] = [];
    let index = 0;
    for (const [key, e] of directory) if (index++ >= this.slots.length) fresh.push({ key, integrationId: e.integrationId, recordId: e.recordId });
    fresh.sort(compareKeys);
    this.slots = this.slots.length === 0 ? fresh : merge(this.slots, fresh);
    return this.slots;
  }

  /** The index of the first slot after `key` (binary search). */
  private indexAfter(key: EmployeeKey): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.slots[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * `queryEmployees`: windows of the directory passing a filter, in the screen's order, with their counts, so
 * that the Employees table holds only the rows it shows. The sorted rows of the last few filters are kept per
 * directory version (EmployeeTable.version) and brought up to date with the rows set since: the changed rows
 * are taken out and put back in their place (binary search), so that scrolling, and the re-query after each
 * live batch, cost the window plus the changes, not a sort of everything stored. A text search filters the
 * kept rows of the same scope and order, in order: no sort either.
 */
import { textComparator, type EmployeeFilter, type EmployeeSort, type EmployeeWindow, type EmployeeWindowQuery } from '../../../shared/api/employee-query';
import type { EmployeeTable } from '../state/employee-table';

/** The rows (first-seen numbers) passing one filter, in one order, as of `version` of `table`. */
interface Sorted {
  table: EmployeeTable;
  version: number;
  rows: Int32Array;
}

/** How many filter/order pairs keep their rows. */
const KEPT = 8;

/** The rows of `table` for which `keep` holds, in the order of `sort` (ties: first seen first); each value read once. */
function sortRows(table: EmployeeTable, keep: (row: number) => boolean, sort: EmployeeSort): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < table.size; row++) if (keep(row)) rows.push(row);
  const text = sort.key === 'name' || sort.key === 'recordId' ? [sort.key] : [];
  const values = table.withResident(text, () => rows.map((row) => table.text(row, sort.key)));
  const compare = textComparator(sort.desc);
  const order = Int32Array.from(rows, (_, i) => i).sort((a, b) => compare(values[a]!, values[b]!) || a - b);
  return order.map((i) => rows[i]!);
}

/** `rows` without the `changed` rows, with `added` (sorted) put in their places. O(rows + added · log rows). */
function patchRows(rows: Int32Array, changed: ReadonlySet<number>, added: Int32Array, compare: (a: number, b: number) => number): Int32Array {
  let kept = 0;
  const out = new Int32Array(rows.length + added.length);
  for (const row of rows) if (!changed.has(row)) out[kept++] = row;
  const base = out.slice(0, kept);
  let write = 0;
  let from = 0;
  for (const row of added) {
    let lo = from;
    let hi = kept;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(base[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.set(base.subarray(from, lo), write);
    write += lo - from;
    out[write++] = row;
    from = lo;
  }
  out.set(base.subarray(from, kept), write);
  return out.subarray(0, write + kept - from);
}

/** The windows of one Companion's directory; see the file's comment. */
export class EmployeeWindows {
  private readonly kept = new Map<string, Sorted>();

  /** The window `query` asks for, from `table`. */
  query(table: EmployeeTable, query: EmployeeWindowQuery): EmployeeWindow {
    const matches = this.matches(table, query.filter, query.sort);
    const rows = Array.from(matches.subarray(query.offset, query.offset + query.limit), (row) => table.at(row));
    const counts = table.counts(query.filter.integrationId);
    return {
      rows,
      total: matches.length,
      stored: table.size,
      active: counts.active,
      deleted: counts.all - counts.active,
      integrations: table.integrations(),
    };
  }

  /** The rows passing `filter` in the order of `sort`, current. */
  private matches(table: EmployeeTable, filter: EmployeeFilter, sort: EmployeeSort): Int32Array {
    const needle = filter.text.trim().toLowerCase();
    const base = this.current(table, { ...filter, text: '' }, sort, null);
    if (needle === '') return base.rows;
    return this.current(table, filter, sort, base).rows;
  }

  /** The kept rows of one filter and order, brought to the table's version; `base` (same scope, no text) to filter from. */
  private current(table: EmployeeTable, filter: EmployeeFilter, sort: EmployeeSort, base: Sorted | null): Sorted {
    const key = JSON.stringify([filter.integrationId, filter.deleted, filter.text.trim().toLowerCase(), sort.key, sort.desc]);
    let s = this.kept.get(key);
    this.kept.delete(key);
    if (!s || s.table !== table || s.version !== table.version) s = this.update(table, filter, sort, base, s);
    this.kept.set(key, s);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return s;
  }

  private update(table: EmployeeTable, filter: EmployeeFilter, sort: EmployeeSort, base: Sorted | null, old: Sorted | undefined): Sorted {
    const version = table.version;
    if (base) {
      const found = new Uint8Array(table.size);
      table.search(filter.text.trim(), (row) => (found[row] = 1));
      return { table, version, rows: base.rows.filter((row) => found[row] === 1) };
    }
    const keep = table.scope(filter.integrationId, filter.deleted);
    if (!old || old.table !== table) return { table, version, rows: sortRows(table, keep, sort) };
    const changed = table.changedSince(old.version);
    if (changed.length > table.size / 4) return { table, version, rows: sortRows(table, keep, sort) };
    const byValue = textComparator(sort.desc);
    const compare = (a: number, b: number): number => byValue(table.text(a, sort.key), table.text(b, sort.key)) || a - b;
    const added = Int32Array.from(changed.filter(keep)).sort(compare);
    return { table, version, rows: patchRows(old.rows, new Set(changed), added, compare) };
  }
}

/**
 * `queryEmployees`: windows of the directory passing a filter, in the screen's order, with their counts, so
 * that the Employees table holds only the rows it shows. The sorted rows of the last few filters are kept per
 * directory version (EmployeeTable.version), within a budget of bytes (kept.ts), and brought up to date with
 * the rows set since: the changed rows are taken out and put back in their place (binary search), so that
 * scrolling, and the re-query after each live batch, cost the window plus the changes, not a sort of
 * everything stored. A text search filters the kept rows of the same scope and order, in order: no sort
 * either. A sort by a coded column (department, designation, integration) ranks the column's few values
 * once and sorts the rows by rank: no string per row.
 */
import { textComparator, type EmployeeFilter, type EmployeeSort, type EmployeeWindow, type EmployeeWindowQuery } from '../../../shared/api/employee-query';
import { CODED_FIELDS, type EmployeeCodedField } from '../state/employee-columns';
import type { EmployeeTable } from '../state/employee-table';
import type { CodeArray } from '../state/columns/code-column';
import { keptCache, keptSize, type KeptLimits } from './kept';

/** The rows (first-seen numbers) passing one filter, in one order, as of `version` of `table`. */
interface Sorted {
  table: EmployeeTable;
  version: number;
  rows: Int32Array;
}

/** Filter/order pairs whose rows are kept, and their bytes in all (a million rows take 4 MB). */
const KEPT: KeptLimits = { entries: 8, bytes: 12 * 2 ** 20 };

const isCoded = (key: string): key is EmployeeCodedField => (CODED_FIELDS as readonly string[]).includes(key);

/** The rows of `table` for which `keep` holds, ascending. */
function rowsWhere(table: EmployeeTable, keep: (row: number) => boolean): Int32Array {
  let count = 0;
  for (let row = 0; row < table.size; row++) if (keep(row)) count++;
  const rows = new Int32Array(count);
  for (let row = 0, k = 0; k < count; row++) if (keep(row)) rows[k++] = row;
  return rows;
}

/** The rank of each code of a coded column in the order of `sort` (equal values, equal ranks). */
function ranksOf(table: EmployeeTable, key: EmployeeCodedField, desc: boolean): { codes: CodeArray; rank: Int32Array } {
  const column = table.coded(key);
  const compare = textComparator(desc);
  const order = Int32Array.from({ length: column.size }, (_, code) => code).sort((a, b) => compare(column.value(a), column.value(b)));
  const rank = new Int32Array(column.size);
  order.forEach((code, k) => (rank[code] = k > 0 && compare(column.value(order[k - 1]!), column.value(code)) === 0 ? rank[order[k - 1]!]! : k));
  return { codes: column.codes, rank };
}

/** Rows sorted at once by text, each with its value read as a string: few enough that the strings die young. */
const CHUNK = 4096;

/**
 * `rows` in the order of `compare` over each row's text (ties: the earlier row first): sorted in place by
 * chunks of CHUNK rows, then merged with a binary heap of the chunks' heads, so that at most a chunk's strings
 * live at once (a million names at once would grow the JS heap by ~100 MB for one sort).
 */
function sortByText(rows: Int32Array, text: (row: number) => string | null, compare: (a: string | null, b: string | null) => number): Int32Array {
  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.subarray(from, from + CHUNK);
    const values = Array.from(chunk, text);
    const order = Int32Array.from(chunk, (_, i) => i).sort((a, b) => compare(values[a]!, values[b]!) || a - b);
    chunk.set(order.map((i) => chunk[i]!));
  }
  if (rows.length <= CHUNK) return rows;
  const chunks = Math.ceil(rows.length / CHUNK);
  const next = Int32Array.from({ length: chunks }, (_, c) => c * CHUNK);
  const head: Array<string | null> = Array.from(next, (at) => text(rows[at]!));
  const before = (c: number, d: number): boolean => (compare(head[c]!, head[d]!) || rows[next[c]!]! - rows[next[d]!]!) < 0;
  const heap = Int32Array.from({ length: chunks }, (_, c) => c);
  const down = (size: number, at: number): void => {
    for (let child = 2 * at + 1; child < size; at = child, child = 2 * at + 1) {
      if (child + 1 < size && before(heap[child + 1]!, heap[child]!)) child++;
      if (!before(heap[child]!, heap[at]!)) return;
      const swapped = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = swapped;
    }
  };
  for (let at = (chunks >> 1) - 1; at >= 0; at--) down(chunks, at);
  const out = new Int32Array(rows.length);
  for (let k = 0, size = chunks; size > 0; k++) {
    const c = heap[0]!;
    out[k] = rows[next[c]!]!;
    if (++next[c]! < Math.min(rows.length, (c + 1) * CHUNK)) head[c] = text(rows[next[c]!]!);
    else heap[0] = heap[--size]!;
    down(size, 0);
  }
  return out;
}

/** The rows of `table` for which `keep` holds, in the order of `sort` (ties: first seen first). */
function sortRows(table: EmployeeTable, keep: (row: number) => boolean, sort: EmployeeSort): Int32Array {
  const rows = rowsWhere(table, keep);
  if (isCoded(sort.key)) {
    const { codes, rank } = ranksOf(table, sort.key, sort.desc);
    return rows.sort((a, b) => rank[codes[a]!]! - rank[codes[b]!]! || a - b);
  }
  const key = sort.key;
  // one read of the heap's file for the whole sort, not one per row (the names of a million rows: ~25 MB)
  const resident = key === 'name' || key === 'recordId' ? [key] : [];
  return table.withResident(resident, () => sortByText(rows, (row) => table.text(row, key), textComparator(sort.desc)));
}

/** `rows` without the `changed` rows, with `added` (sorted) put in their places. O(rows + added · log rows). */
function patchRows(rows: Int32Array, changed: ReadonlySet<number>, added: Int32Array, compare: (a: number, b: number) => number): Int32Array {
  const base = rows.filter((row) => !changed.has(row));
  const out = new Int32Array(base.length + added.length);
  let write = 0;
  let from = 0;
  for (const row of added) {
    let lo = from;
    let hi = base.length;
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
  out.set(base.subarray(from), write);
  return out;
}

/** The windows of one Companion's directory; see the file's comment. */
export class EmployeeWindows {
  private readonly kept;

  constructor(limits: KeptLimits = KEPT) {
    this.kept = keptCache<Sorted>(limits, (s) => s.rows.byteLength);
  }

  /** The window `query` asks for, from `table`. */
  query(table: EmployeeTable, query: EmployeeWindowQuery): EmployeeWindow {
    const matches = this.rows(table, query.filter, query.sort);
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

  /** The rows passing `filter` in the order of `sort`, current (kept: never to be changed by the caller). */
  rows(table: EmployeeTable, filter: EmployeeFilter, sort: EmployeeSort): Int32Array {
    const needle = filter.text.trim().toLowerCase();
    const base = this.current(table, { ...filter, text: '' }, sort, null);
    if (needle === '') return base.rows;
    return this.current(table, filter, sort, base).rows;
  }

  /** What is kept now: results and their bytes. */
  keptSize(): KeptLimits {
    return keptSize(this.kept);
  }

  /** The kept rows of one filter and order, brought to the table's version; `base` (same scope, no text) to filter from. */
  private current(table: EmployeeTable, filter: EmployeeFilter, sort: EmployeeSort, base: Sorted | null): Sorted {
    const key = JSON.stringify([filter.integrationId, filter.deleted, filter.text.trim().toLowerCase(), sort.key, sort.desc]);
    let s = this.kept.get(key);
    if (!s || s.table !== table || s.version !== table.version) {
      s = this.update(table, filter, sort, base, s);
      this.kept.set(key, s);
    }
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

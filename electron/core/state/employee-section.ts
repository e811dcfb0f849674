/**
 * The employee table's section of the binary state snapshot (v2, columns/column-file.ts): its columns as
 * bytes, and back. `employeeSection` is a consistent capture, taken synchronously like the rest of the
 * snapshot (copies of what changes in place, views of what is only appended), so the table may change while
 * the file is written.
 * `employeeTableFrom` wraps the read columns (views into the file, no parse per row) and rebuilds the id index
 * from the stored hashes; a section whose columns disagree is refused with a sentence (RangeError).
 */
import type { ColumnSection } from './columns/column-file';
import { Dictionary } from './columns/dictionary';
import type { ColumnBytes, FileBacked, FileRegion } from './columns/file-region';
import { NumberColumn, viewAs } from './columns/number-column';
import { SearchText } from './columns/search-text';
import { StringHeap } from './columns/string-heap';
import { CODED_FIELDS, EmployeeColumns, record, TEXT_FIELDS, TIME_FIELDS, type EmployeeColumnParts } from './employee-columns';
import { EmployeeTable } from './employee-table';

/** The section's name in the snapshot. */
export const EMPLOYEE_SECTION = 'employees';

/** The section's JSON facts: row count, each dictionary's values (codes 1…n), the odd times. */
interface EmployeeSectionMeta {
  rows: number;
  dictionaries: Record<string, string[]>;
  oddTimes: Array<[string, string]>;
}

const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

/** The columns whose bytes the table reads back from the written snapshot instead of keeping them (file-region.ts). */
const FILE_BACKED = new Set([...TEXT_FIELDS.map((f) => `${f}.data`), 'search.data']);

/**
 * The table's columns as a snapshot section, consistent as of now: copies of what changes in place (codes,
 * times, flags, versions, each heap's starts and lengths, the search text's current records), views of what
 * is only appended to (the heaps' sealed bytes, the key hashes, the search text's records). The text columns
 * are file-backed: once written, the table reads them from the file.
 */
export function employeeSection(table: EmployeeTable): ColumnSection {
  const p = table.columns.parts;
  const columns: Record<string, ColumnBytes> = {};
  const fileBacked: FileBacked[] = [];
  for (const f of TEXT_FIELDS) {
    const heap = p.text[f].capture();
    columns[`${f}.data`] = heap.data;
    columns[`${f}.starts`] = heap.starts;
    columns[`${f}.lengths`] = heap.lengths;
    fileBacked.push({ column: `${f}.data`, owner: p.text[f], epoch: heap.epoch });
  }
  for (const f of CODED_FIELDS) columns[f] = copy(p.codes[f].bytes());
  for (const f of TIME_FIELDS) columns[f] = copy(p.times[f].bytes());
  columns.deleted = copy(p.deleted.bytes());
  columns.versions = copy(p.versions.bytes());
  columns.hashes = table.columns.hashBytes();
  const search = p.search.toBytes();
  for (const [name, bytes] of Object.entries(search)) columns[`search.${name}`] = name === 'current' ? copy(bytes as Uint8Array) : bytes;
  fileBacked.push({ column: 'search.data', owner: p.search, epoch: 0 });
  const meta: EmployeeSectionMeta = {
    rows: table.size,
    dictionaries: Object.fromEntries(CODED_FIELDS.map((f) => [f, p.dictionaries[f].list()])),
    oddTimes: [...p.oddTimes],
  };
  return { name: EMPLOYEE_SECTION, meta, columns, fileBacked };
}

/** Whether the section's column `name` can stay in the file (employeeTableFrom takes it as a FileRegion). */
export const isFileBackedEmployeeColumn = (name: string): boolean => FILE_BACKED.has(name);

/**
 * The table a snapshot section holds; the columns named by isFileBackedEmployeeColumn may be FileRegions (their
 * bytes stay in the file). Throws RangeError when a column is missing or disagrees with the others.
 */
export function employeeTableFrom(section: { meta: unknown; columns: ReadonlyMap<string, Uint8Array | FileRegion> }): EmployeeTable {
  const meta = section.meta as EmployeeSectionMeta;
  if (!Number.isSafeInteger(meta?.rows) || meta.rows < 0) throw new RangeError('employees: the row count is missing');
  // Room for 1/16 more rows, as the event table gets: the first employees after a start grow no column.
  const room = Math.ceil(meta.rows / 16) + 1024;
  const entry = (name: string): Uint8Array | FileRegion => {
    const bytes = section.columns.get(name);
    if (!bytes) throw new RangeError(`employees: column ${name} is missing`);
    return bytes;
  };
  const column = (name: string): Uint8Array => {
    const bytes = entry(name);
    if (!(bytes instanceof Uint8Array)) throw new RangeError(`employees: column ${name} is not in memory`);
    return bytes;
  };
  const rowsOf = <T extends { length: number }>(name: string, values: T): T => {
    if (values.length !== meta.rows) throw new RangeError(`employees: column ${name} has ${values.length} rows, not ${meta.rows}`);
    return values;
  };
  const dictionaries = record(CODED_FIELDS, (f) => Dictionary.of(meta.dictionaries?.[f] ?? []));
  const parts: EmployeeColumnParts = {
    text: record(TEXT_FIELDS, (f) => {
      const data = entry(`${f}.data`);
      if (data instanceof Uint8Array) return rowsOf(f, StringHeap.fromBytes({ data, starts: column(`${f}.starts`), lengths: column(`${f}.lengths`) }, room));
      const numbers = (name: string): NumberColumn<Uint32Array> => NumberColumn.of(Uint32Array, viewAs(Uint32Array, column(name)), room);
      return rowsOf(f, StringHeap.fromRegion(data, numbers(`${f}.starts`), numbers(`${f}.lengths`)));
    }),
    dictionaries,
    codes: record(CODED_FIELDS, (f) => {
      const codes = rowsOf(f, viewAs(Uint32Array, column(f)));
      for (const code of codes) if (code >= dictionaries[f].size) throw new RangeError(`employees: column ${f} names a value it does not list`);
      return NumberColumn.of(Uint32Array, codes, room);
    }),
    times: record(TIME_FIELDS, (f) => NumberColumn.of(Float64Array, rowsOf(f, viewAs(Float64Array, column(f))), room)),
    oddTimes: new Map(meta.oddTimes ?? []),
    deleted: NumberColumn.of(Uint8Array, rowsOf('deleted', column('deleted')), room),
    versions: NumberColumn.of(Uint32Array, rowsOf('versions', viewAs(Uint32Array, column('versions'))), room),
    search: searchOf(meta.rows, entry, room),
    hashes: rowsOf('hashes', viewAs(Uint32Array, column('hashes'))),
  };
  return new EmployeeTable(new EmployeeColumns(parts));
}

/** The search text's columns, with one current record per row (its text in memory or in the file). */
function searchOf(rows: number, entry: (name: string) => Uint8Array | FileRegion, room: number): SearchText {
  const column = (name: string): Uint8Array => entry(name) as Uint8Array;
  if (viewAs(Uint32Array, column('search.current')).length !== rows) throw new RangeError(`employees: the search text does not have ${rows} rows`);
  const data = entry('search.data');
  const parts = { recordStart: column('search.recordStart'), recordRow: column('search.recordRow'), current: column('search.current') };
  if (data instanceof Uint8Array) return SearchText.fromBytes({ data, ...parts }, room);
  const numbers = (bytes: Uint8Array): NumberColumn<Uint32Array> => NumberColumn.of(Uint32Array, viewAs(Uint32Array, bytes), room);
  return SearchText.fromRegion(data, numbers(parts.recordStart), numbers(parts.recordRow), numbers(parts.current));
}

/**
 * The employee table's section of the binary state snapshot (v2, columns/column-file.ts): its columns as
 * bytes, and back. `employeeSection` is a consistent capture, taken synchronously like the rest of the
 * snapshot (copies of what changes in place, views of what is only appended), so the table may change while
 * the file is written.
 * `employeeTableFrom` reads the columns back (no parse per row; the text left in the file) and rebuilds the id
 * index from the stored hashes; a section whose columns disagree is refused with a sentence.
 */
import type { ColumnSection } from './columns/column-file';
import { readCodes, readHeap, readNumbers, readSearchText, type ColumnSource } from './columns/column-source';
import { Dictionary } from './columns/dictionary';
import type { ColumnBytes, FileBacked } from './columns/file-region';
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

/**
 * The table a snapshot section holds, each column read straight into its storage with room for 1/16 more
 * rows (as the event table gets: the first employees after a start grow no column), the text left in the
 * file when the source can. Throws an Error saying which column is missing or disagrees with the others.
 */
export function employeeTableFrom(metaIn: unknown, source: ColumnSource): EmployeeTable {
  const meta = metaIn as EmployeeSectionMeta;
  if (!Number.isSafeInteger(meta?.rows) || meta.rows < 0) throw new RangeError('its employees section has no row count');
  const rows = meta.rows;
  const room = Math.ceil(rows / 16) + 1024;
  const dictionaries = record(CODED_FIELDS, (f) => Dictionary.of(meta.dictionaries?.[f] ?? []));
  const hashes = new Uint32Array(rows);
  if (source.size('hashes') !== rows * 4) throw new RangeError(`its employees column hashes has ${source.size('hashes')} bytes, not ${rows} rows`);
  source.read('hashes', new Uint8Array(hashes.buffer));
  const parts: EmployeeColumnParts = {
    text: record(TEXT_FIELDS, (f) => readHeap(source, f, rows, room)),
    dictionaries,
    codes: record(CODED_FIELDS, (f) => {
      const codes = readCodes(source, f, rows, room);
      for (const code of codes.view()) if (code >= dictionaries[f].size) throw new RangeError(`its employees column ${f} names a value it does not list`);
      return codes;
    }),
    times: record(TIME_FIELDS, (f) => readNumbers(source, f, Float64Array, rows, room)),
    oddTimes: new Map(meta.oddTimes ?? []),
    deleted: readNumbers(source, 'deleted', Uint8Array, rows, room),
    versions: readNumbers(source, 'versions', Uint32Array, rows, room),
    search: readSearchText(source, 'search', rows, room),
    hashes,
  };
  return new EmployeeTable(new EmployeeColumns(parts));
}

/**
 * An EventTable as the `events` section of a snapshot v2 (store/snapshot.ts, columns/column-file.ts): every
 * column's bytes plus the eventId hashes and the search text, so that start-up reads each column into its
 * storage and rebuilds nothing costly (no per-event parse, no hashing, no lower-casing). Column names: `n.*`
 * numbers, `c.*` dictionary codes (1, 2 or 4 bytes a row), `h.<field>.data|starts|lengths` string heaps,
 * `idHashes`, `s.*` the search text.
 */
import type { ColumnEntry, ColumnFileReader, ColumnSection } from './columns/column-file';
import { Dictionary } from './columns/dictionary';
import type { ColumnBytes, FileBacked, FileRegion } from './columns/file-region';
import { NumberColumn, type NumberArray } from './columns/number-column';
import { SearchText } from './columns/search-text';
import { StringHeap } from './columns/string-heap';
import { CODED, EventTable, HEAPS, numberColumns, type ArrayType, type CodeArray, type EventTableParts } from './event-table';

/** The section's JSON facts: the row count, each dictionary's values (codes 1…n) and the odd receivedAt texts. */
export interface EventSectionMeta {
  rows: number;
  dictionaries: Record<string, string[]>;
  oddTimes: Array<[position: number, receivedAt: string]>;
}

const SEARCH_PARTS = ['data', 'recordStart', 'recordRow', 'current'] as const;
const HEAP_PARTS = ['data', 'starts', 'lengths'] as const;

/**
 * The `events` section of `table` as it is now: views of the append-only columns cut at the current size and
 * a copy of `retries` (the one column changed in place). Synchronous: later appends do not show in it. The
 * text columns (heaps' data, search text) are file-backed: once written, the table reads them from the file.
 */
export function eventSection(table: EventTable): ColumnSection {
  const columns: Record<string, ColumnBytes> = {};
  const fileBacked: FileBacked[] = [];
  for (const [name, column] of Object.entries(table.numbers)) columns[`n.${name}`] = name === 'retries' ? column.bytes().slice() : column.bytes();
  for (const f of CODED) columns[`c.${f}`] = table.codes[f].bytes();
  for (const f of HEAPS) {
    const heap = table.heaps[f].compacted();
    for (const part of HEAP_PARTS) columns[`h.${f}.${part}`] = heap[part];
    fileBacked.push({ column: `h.${f}.data`, owner: table.heaps[f], epoch: table.heaps[f].epoch });
  }
  columns.idHashes = table.index.hashBytes();
  const search = table.search.toBytes();
  for (const part of SEARCH_PARTS) columns[`s.${part}`] = search[part];
  fileBacked.push({ column: 's.data', owner: table.search, epoch: 0 });
  const meta: EventSectionMeta = {
    rows: table.size,
    dictionaries: Object.fromEntries(CODED.map((f) => [f, table.dictionaries[f].list()])),
    oddTimes: [...table.oddTimes],
  };
  return { name: 'events', meta, columns, fileBacked };
}

/** Where a section's columns come from: each one's byte length, and a read of its bytes into given storage. */
export interface ColumnSource {
  /** The byte length of column `name`; throws "its events column <name> is missing". */
  size(name: string): number;
  /** Writes column `name`'s bytes into `into` (exactly `size(name)` long). */
  read(name: string, into: Uint8Array): void;
  /** Column `name` left in its file, CRC-checked (absent: the columns are in memory, read them). */
  region?(name: string): FileRegion;
}

/** The columns of a section already in memory (a test, a section read whole) as a ColumnSource. */
export function bytesSource(columns: ReadonlyMap<string, Uint8Array>): ColumnSource {
  const get = (name: string): Uint8Array => {
    const bytes = columns.get(name);
    if (!bytes) throw new Error(`its events column ${name} is missing`);
    return bytes;
  };
  return { size: (name) => get(name).byteLength, read: (name, into) => into.set(get(name)) };
}

/** The columns of a section of an open column file (read into place, CRC-checked) as a ColumnSource. */
export function fileSource(reader: ColumnFileReader, columns: ReadonlyMap<string, ColumnEntry>): ColumnSource {
  const get = (name: string): ColumnEntry => {
    const entry = columns.get(name);
    if (!entry) throw new Error(`its events column ${name} is missing`);
    return entry;
  };
  return { size: (name) => get(name).bytes, read: (name, into) => reader.read(get(name), into), region: (name) => reader.region(get(name)) };
}

/** Column `name` of `source` read into a NumberColumn of `rows` rows (or as many as it holds) with room for `room` more. */
function readNumbers<T extends NumberArray>(source: ColumnSource, name: string, type: ArrayType<T>, rows: number | null, room: number): NumberColumn<T> {
  const size = source.size(name);
  const held = size / type.BYTES_PER_ELEMENT;
  if (!Number.isInteger(held) || (rows !== null && held !== rows)) throw new Error(`its events column ${name} has ${size} bytes, not ${rows ?? '?'} rows`);
  return NumberColumn.read(type, held, room, (bytes) => source.read(name, bytes));
}

/** A code column of `rows` rows: its width (1, 2 or 4 bytes a row) is its size over its rows. */
function readCodes(source: ColumnSource, name: string, rows: number, room: number): NumberColumn<CodeArray> {
  const width = rows === 0 ? 1 : source.size(name) / rows;
  const type = width === 1 ? Uint8Array : width === 2 ? Uint16Array : Uint32Array;
  return readNumbers<CodeArray>(source, name, type, rows, room);
}

/** Column `name` (UTF-8 text) of `source` read into a buffer with `extra` bytes of room after it. */
function readText(source: ColumnSource, name: string, extra: number): { data: Buffer; used: number } {
  const used = source.size(name);
  const data = Buffer.allocUnsafe(used + extra);
  source.read(name, data.subarray(0, used));
  return { data, used };
}

/**
 * The EventTable of an `events` section, each column read straight into its storage with room to grow, so
 * that no copy of the file stays behind.
 * @throws Error saying what is missing or inconsistent ("its events column n.seq has 24 bytes, not 4 rows").
 */
export function eventTableFromSection(meta: unknown, source: ColumnSource): EventTable {
  const m = meta as EventSectionMeta;
  if (!m || !Number.isSafeInteger(m.rows) || m.rows < 0 || typeof m.dictionaries !== 'object' || !Array.isArray(m.oddTimes))
    throw new Error('its events section has no row count');
  const rows = m.rows;
  const room = Math.max(32_768, rows >>> 4); // 20,000 more deliveries after a start of 1,000,000 grow no column
  const numbers = numberColumns((name, type) => readNumbers(source, `n.${name}`, type, rows, room));
  const codes = Object.fromEntries(CODED.map((f) => [f, readCodes(source, `c.${f}`, rows, room)])) as EventTableParts['codes'];
  const dictionaries = Object.fromEntries(
    CODED.map((f) => {
      const values = m.dictionaries[f];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new Error(`its events dictionary ${f} is missing`);
      return [f, Dictionary.of(values)];
    }),
  ) as EventTableParts['dictionaries'];
  const heaps = Object.fromEntries(
    HEAPS.map((f) => {
      const starts = readNumbers(source, `h.${f}.starts`, Uint32Array, rows, room);
      const lengths = readNumbers(source, `h.${f}.lengths`, Uint32Array, rows, room);
      if (source.region) return [f, StringHeap.fromRegion(source.region(`h.${f}.data`), starts, lengths)];
      const { data, used } = readText(source, `h.${f}.data`, StringHeap.roomBytes(source.size(`h.${f}.data`), rows, room));
      return [f, StringHeap.fromColumns(data, used, starts, lengths)];
    }),
  ) as EventTableParts['heaps'];
  const idHashes = readNumbers(source, 'idHashes', Uint32Array, rows, room);
  const recordStart = readNumbers(source, 's.recordStart', Uint32Array, null, room);
  const recordRow = readNumbers(source, 's.recordRow', Uint32Array, null, room);
  const current = readNumbers(source, 's.current', Uint32Array, rows, room);
  let search: SearchText;
  if (source.region) search = SearchText.fromRegion(source.region('s.data'), recordStart, recordRow, current);
  else {
    const text = readText(source, 's.data', StringHeap.roomBytes(source.size('s.data'), rows, room));
    search = SearchText.fromColumns(text.data, text.used, recordStart, recordRow, current);
  }
  return new EventTable({ numbers, codes, dictionaries, heaps, idHashes, search, oddTimes: new Map(m.oddTimes) });
}

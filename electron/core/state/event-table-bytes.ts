/**
 * An EventTable as the `events` section of a snapshot v2 (store/snapshot.ts, columns/column-file.ts): every
 * column's bytes plus the eventId hashes and the search text, so that start-up reads each column into its
 * storage and rebuilds nothing costly (no per-event parse, no hashing, no lower-casing). Column names: `n.*`
 * numbers, `c.*` dictionary codes (1, 2 or 4 bytes a row), `h.<field>.data|starts|lengths` string heaps,
 * `idHashes`, `s.*` the search text.
 */
import type { ColumnSection } from './columns/column-file';
import { readCodes, readHeap, readNumbers, readSearchText, type ColumnSource } from './columns/column-source';
import { Dictionary } from './columns/dictionary';
import type { ColumnBytes, FileBacked } from './columns/file-region';
import { CODED, EventTable, HEAPS, numberColumns, type EventTableParts } from './event-table';

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
    const heap = table.heaps[f].capture(true);
    for (const part of HEAP_PARTS) columns[`h.${f}.${part}`] = heap[part];
    fileBacked.push({ column: `h.${f}.data`, owner: table.heaps[f], epoch: heap.epoch });
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
  const heaps = Object.fromEntries(HEAPS.map((f) => [f, readHeap(source, `h.${f}`, rows, room)])) as EventTableParts['heaps'];
  const idHashes = readNumbers(source, 'idHashes', Uint32Array, rows, room);
  const search = readSearchText(source, 's', rows, room);
  return new EventTable({ numbers, codes, dictionaries, heaps, idHashes, search, oddTimes: new Map(m.oddTimes) });
}

/**
 * An EventTable as the `events` section of a snapshot v2 (store/snapshot.ts, columns/column-file.ts): every
 * column's bytes plus the eventId hashes and the search text, so that start-up copies typed arrays and
 * rebuilds nothing costly (no per-event parse, no hashing, no lower-casing).
 */
import type { ColumnSection } from './columns/column-file';
import { Dictionary } from './columns/dictionary';
import { NumberColumn, viewAs } from './columns/number-column';
import { SearchText } from './columns/search-text';
import { StringHeap } from './columns/string-heap';
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
 * a copy of `retries` (the one column changed in place). Synchronous: later appends do not show in it.
 */
export function eventSection(table: EventTable): ColumnSection {
  const columns: Record<string, Uint8Array> = {};
  for (const [name, column] of Object.entries(table.numbers)) columns[`n.${name}`] = name === 'retries' ? column.bytes().slice() : column.bytes();
  for (const f of CODED) columns[`c.${f}`] = table.codes[f].bytes();
  for (const f of HEAPS) {
    const heap = table.heaps[f].compacted();
    for (const part of HEAP_PARTS) columns[`h.${f}.${part}`] = heap[part];
  }
  columns.idHashes = table.index.hashBytes();
  const search = table.search.toBytes();
  for (const part of SEARCH_PARTS) columns[`s.${part}`] = search[part];
  const meta: EventSectionMeta = {
    rows: table.size,
    dictionaries: Object.fromEntries(CODED.map((f) => [f, table.dictionaries[f].list()])),
    oddTimes: [...table.oddTimes],
  };
  return { name: 'events', meta, columns };
}

/**
 * The EventTable of an `events` section, its columns copied with room to grow (so the file's buffer can go).
 * @throws Error saying what is missing or inconsistent ("its events column n.seq has 3 rows, not 4").
 */
export function eventTableFromSection(meta: unknown, columns: ReadonlyMap<string, Uint8Array>): EventTable {
  const m = meta as EventSectionMeta;
  if (!m || !Number.isSafeInteger(m.rows) || m.rows < 0 || typeof m.dictionaries !== 'object' || !Array.isArray(m.oddTimes))
    throw new Error('its events section has no row count');
  const rows = m.rows;
  const room = Math.max(65_536, rows >>> 3);
  const column = (name: string): Uint8Array => {
    const bytes = columns.get(name);
    if (!bytes) throw new Error(`its events column ${name} is missing`);
    return bytes;
  };
  const rowsOf = <T extends { length: number }>(name: string, values: T): T => {
    if (values.length !== rows) throw new Error(`its events column ${name} has ${values.length} rows, not ${rows}`);
    return values;
  };
  const numbers = numberColumns((name, type) => NumberColumn.of(type, rowsOf(`n.${name}`, viewAs(type, column(`n.${name}`))), room));
  const codes = Object.fromEntries(
    CODED.map((f) => [f, NumberColumn.of(Uint32Array, rowsOf(`c.${f}`, viewAs(Uint32Array, column(`c.${f}`))), room)]),
  ) as EventTableParts['codes'];
  const dictionaries = Object.fromEntries(
    CODED.map((f) => {
      const values = m.dictionaries[f];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new Error(`its events dictionary ${f} is missing`);
      return [f, Dictionary.of(values)];
    }),
  ) as EventTableParts['dictionaries'];
  const heaps = Object.fromEntries(
    HEAPS.map((f) => {
      const heap = StringHeap.fromBytes({ data: column(`h.${f}.data`), starts: column(`h.${f}.starts`), lengths: column(`h.${f}.lengths`) }, room);
      return [f, rowsOf(`h.${f}`, heap)];
    }),
  ) as EventTableParts['heaps'];
  const idHashes = rowsOf('idHashes', viewAs(Uint32Array, column('idHashes')));
  const search = SearchText.fromBytes(
    { data: column('s.data'), recordStart: column('s.recordStart'), recordRow: column('s.recordRow'), current: column('s.current') },
    room,
  );
  if (viewAs(Uint32Array, column('s.current')).length !== rows) throw new Error(`its events search text does not have ${rows} rows`);
  return new EventTable({ numbers, codes, dictionaries, heaps, idHashes, search, oddTimes: new Map(m.oddTimes), room });
}

/**
 * The stored events as columns, in arrival order (ascending seq): no object per event. A row is a position;
 * numbers live in typed arrays, the fields that repeat (event type, run, job, integration, environment,
 * flags) as dictionary codes, eventId / recordId / name / email in string heaps, eventId -> position in a hash
 * index and (recordId, name, email) in a search text for the list's filter. `get` / `at` materialise an
 * EventMeta on demand. Rows are only appended (a purge builds a new table); only `retries` changes in place.
 * Its bytes for the snapshot: event-table-bytes.ts.
 */
import type { EventCategory, EventFlag } from '../../../shared/api/types';
import { CodeColumn } from './columns/code-column';
import { Dictionary } from './columns/dictionary';
import { IdIndex } from './columns/id-index';
import type { ArrayType } from './columns/column-source';
import { NumberColumn, type NumberArray } from './columns/number-column';
import { SearchText } from './columns/search-text';
import { StringHeap } from './columns/string-heap';
import type { EventMeta } from './state';

/** The categories by code (the `category` column). */
export const CATEGORIES: readonly EventCategory[] = ['new', 'modified', 'deleted', 'sync', 'unknown'];

/** The dictionary-coded fields; `flags` is coded as the JSON text of the flag list (null for none). */
export const CODED = ['eventType', 'syncType', 'syncJobId', 'syncRunId', 'integrationId', 'environment', 'flags'] as const;
export type CodedField = (typeof CODED)[number];

/**
 * The number columns, each made by `make` with its array type: seq, journal offset and line length,
 * receivedAt (epoch ms; NaN for an odd text), prevSeq (0 for null: seqs start at 1), retries, category (index
 * in CATEGORIES).
 */
export function numberColumns(make: <T extends NumberArray>(name: string, type: ArrayType<T>) => NumberColumn<T>) {
  return {
    seq: make('seq', Uint32Array),
    offset: make('offset', Float64Array),
    length: make('length', Uint32Array),
    receivedAt: make('receivedAt', Float64Array),
    prevSeq: make('prevSeq', Uint32Array),
    retries: make('retries', Uint32Array),
    category: make('category', Uint8Array),
  };
}
type NumberColumns = ReturnType<typeof numberColumns>;
export type NumberField = keyof NumberColumns;

/** The string-heap columns. */
export const HEAPS = ['eventId', 'recordId', 'name', 'email'] as const;
export type HeapField = (typeof HEAPS)[number];

/** An EventTable's parts, as built by `append` or read back from a snapshot (event-table-bytes.ts). */
export interface EventTableParts {
  numbers: NumberColumns;
  codes: Record<CodedField, CodeColumn>;
  dictionaries: Record<CodedField, Dictionary>;
  heaps: Record<HeapField, StringHeap>;
  /** Hashes of the eventIds, for the index, and the search text; null in the parts of a new, empty table. */
  idHashes: NumberColumn<Uint32Array> | null;
  search: SearchText | null;
  /** receivedAt of the rows whose text is not what `toISOString` makes of its time (kept as received). */
  oddTimes: Map<number, string>;
}

export class EventTable {
  readonly numbers: NumberColumns;
  readonly codes: Record<CodedField, CodeColumn>;
  readonly dictionaries: Record<CodedField, Dictionary>;
  readonly heaps: Record<HeapField, StringHeap>;
  readonly search: SearchText;
  readonly oddTimes: Map<number, string>;
  readonly index: IdIndex;
  /** The flag lists by code, parsed once (frozen: every row with that code shares it). */
  private readonly flagLists: EventFlag[][] = [];

  constructor(parts?: EventTableParts) {
    const p = parts ?? EventTable.emptyParts();
    this.numbers = p.numbers;
    this.codes = p.codes;
    this.dictionaries = p.dictionaries;
    this.heaps = p.heaps;
    this.oddTimes = p.oddTimes;
    const ids = this.heaps.eventId;
    const keyEquals = (row: number, key: string): boolean => ids.equals(row, key);
    this.index = p.idHashes ? IdIndex.fromHashes(p.idHashes, keyEquals) : new IdIndex(keyEquals);
    this.search = p.search ?? new SearchText();
  }

  /** Empty columns (the parts of a new table). */
  static emptyParts(): EventTableParts {
    return {
      numbers: numberColumns((_, type) => new NumberColumn(type)),
      codes: Object.fromEntries(CODED.map((f) => [f, new CodeColumn()])) as EventTableParts['codes'],
      dictionaries: Object.fromEntries(CODED.map((f) => [f, new Dictionary()])) as EventTableParts['dictionaries'],
      heaps: Object.fromEntries(HEAPS.map((f) => [f, StringHeap.empty()])) as EventTableParts['heaps'],
      idHashes: null,
      search: null,
      oddTimes: new Map(),
    };
  }

  /** How many events are stored. */
  get size(): number {
    return this.numbers.seq.length;
  }

  /** Appends `meta` (its seq greater than every stored one, its eventId new); returns its position. */
  append(meta: EventMeta): number {
    const row = this.size;
    const n = this.numbers;
    n.seq.push(meta.seq);
    n.offset.push(meta.offset);
    n.length.push(meta.length);
    const time = Date.parse(meta.receivedAt);
    const canonical = Number.isFinite(time) && new Date(time).toISOString() === meta.receivedAt;
    n.receivedAt.push(canonical ? time : NaN);
    if (!canonical) this.oddTimes.set(row, meta.receivedAt);
    n.prevSeq.push(meta.prevSeq ?? 0);
    n.retries.push(meta.retries);
    n.category.push(Math.max(0, CATEGORIES.indexOf(meta.category)));
    for (const f of CODED)
      this.codes[f].push(this.dictionaries[f].code(f === 'flags' ? (meta.flags.length === 0 ? null : JSON.stringify(meta.flags)) : meta[f]));
    for (const f of HEAPS) this.heaps[f].push(meta[f]);
    this.index.add(meta.eventId);
    this.search.set(row, [meta.recordId, meta.name, meta.email]);
    return row;
  }

  /** Counts one more redelivery of the event at `position`. */
  addRetry(position: number): void {
    this.numbers.retries.set(position, this.numbers.retries.get(position)! + 1);
  }

  has(eventId: string): boolean {
    return this.index.find(eventId) !== -1;
  }

  /** The position (arrival order, from 0) of `eventId`, or -1. */
  positionOf(eventId: string): number {
    return this.index.find(eventId);
  }

  /** The event `eventId`, materialised; undefined when not stored. */
  get(eventId: string): EventMeta | undefined {
    const position = this.index.find(eventId);
    return position === -1 ? undefined : this.at(position);
  }

  /** The seq of `eventId` without materialising it; undefined when not stored. */
  seqOf(eventId: string): number | undefined {
    const position = this.index.find(eventId);
    return position === -1 ? undefined : this.numbers.seq.get(position);
  }

  /** The eventId at `position`, or undefined past the end. */
  eventIdAt(position: number): string | undefined {
    return this.heaps.eventId.get(position) ?? undefined;
  }

  /** The position of the first event with seq greater than `afterSeq` (size when none). */
  positionAfterSeq(afterSeq: number): number {
    const seqs = this.numbers.seq.view();
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid]! <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The event with this seq, or undefined. */
  bySeq(seq: number): EventMeta | undefined {
    const position = this.positionAfterSeq(seq - 1);
    return this.numbers.seq.get(position) === seq ? this.at(position) : undefined;
  }

  /** The event at `position` (arrival order), materialised; undefined past the end. Text from `heaps` (the table's unless given resident copies). */
  at(position: number, heaps: Record<HeapField, StringHeap> = this.heaps): EventMeta | undefined {
    if (!(position >= 0 && position < this.size)) return undefined;
    const n = this.numbers;
    const prevSeq = n.prevSeq.get(position)!;
    const flagsCode = this.codes.flags.get(position)!;
    return {
      seq: n.seq.get(position)!,
      eventId: heaps.eventId.get(position)!,
      eventType: this.coded('eventType', position) ?? '',
      category: CATEGORIES[n.category.get(position)!] ?? 'unknown',
      syncType: this.coded('syncType', position),
      syncJobId: this.coded('syncJobId', position),
      syncRunId: this.coded('syncRunId', position),
      recordId: heaps.recordId.get(position)!,
      integrationId: this.coded('integrationId', position),
      receivedAt: this.receivedAtOf(position),
      environment: this.coded('environment', position) ?? '',
      retries: n.retries.get(position)!,
      name: heaps.name.get(position)!,
      email: heaps.email.get(position)!,
      flags: this.flagLists[flagsCode] ?? this.parseFlags(flagsCode),
      offset: n.offset.get(position)!,
      length: n.length.get(position)!,
      prevSeq: prevSeq === 0 ? null : prevSeq,
    };
  }

  /** The receivedAt (ISO 8601) of the event at `position`. */
  receivedAtOf(position: number): string {
    const time = this.numbers.receivedAt.get(position)!;
    return Number.isNaN(time) ? (this.oddTimes.get(position) ?? '') : new Date(time).toISOString();
  }

  /** The value of a coded field at `position`. */
  coded(field: CodedField, position: number): string | null {
    return this.dictionaries[field].value(this.codes[field].get(position)!);
  }

  /** The heaps `fields` with all their bytes in memory (StringHeap.resident), for reading most rows; do not keep them. */
  resident(fields: readonly HeapField[] = HEAPS): Record<HeapField, StringHeap> {
    const heaps = { ...this.heaps };
    for (const f of fields) heaps[f] = heaps[f].resident();
    return heaps;
  }

  /** The eventIds in arrival order (those stored when it starts). */
  *keys(): IterableIterator<string> {
    const size = this.size;
    const ids = this.heaps.eventId.resident();
    for (let position = 0; position < size; position++) yield ids.get(position)!;
  }

  /** The events in arrival order (those stored when it starts), each materialised when reached. */
  *values(): IterableIterator<EventMeta> {
    const size = this.size;
    const heaps = this.resident();
    for (let position = 0; position < size; position++) yield this.at(position, heaps)!;
  }

  /** Calls `onPosition` for each event from `fromPosition` on whose recordId, name or email contains `needle` (case-insensitive), in order. */
  findText(needle: string, onPosition: (position: number) => void, fromPosition = 0): void {
    this.search.find(needle, onPosition, fromPosition);
  }

  private parseFlags(code: number): EventFlag[] {
    const text = this.dictionaries.flags.value(code);
    let flags: EventFlag[] = [];
    try {
      if (text !== null) flags = JSON.parse(text) as EventFlag[];
    } catch {
      flags = [];
    }
    this.flagLists[code] = Object.freeze(flags) as EventFlag[];
    return this.flagLists[code];
  }
}

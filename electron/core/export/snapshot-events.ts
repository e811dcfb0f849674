/**
 * The `events` section of a state snapshot (v2, store/snapshot.ts) read for `export events` without loading
 * the state: the file is checked as a start would load it (its descriptor, its header, every column's CRC-32
 * read in chunks, the events section's shape), then only each row's journal offset and eventId hash are
 * read, a window of rows at a time, and an eventId now and then from its string heap. Memory stays a few MB
 * whatever the number of events or employees. Column names and layout: state/event-table-bytes.ts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isColumnFile, openColumnFile, type ColumnEntry, type ColumnFileReader } from '../state/columns/column-file';
import type { FileRegion } from '../state/columns/file-region';
import { CODED, HEAPS, numberColumns } from '../state/event-table';
import { isSnapshotHeader, type SnapshotHeader } from '../store/snapshot';

/** Bytes read per call while checking the offsets' order (a multiple of 8, so they split into whole rows). */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** An open snapshot whose events can be read row by row. */
export interface SnapshotEvents {
  header: SnapshotHeader;
  /** How many events the snapshot holds (rows, in arrival order: ascending journal offset). */
  rows: number;
  /** Reads rows `from…` into `offsets` (journal byte offsets) and `hashes` (hashKey of the eventId), as many as fit; @returns how many. */
  readRows(from: number, offsets: Float64Array, hashes: Uint32Array): number;
  /** The eventId of row `row` (read from the eventId string heap). */
  eventIdAt(row: number): string;
  close(): void;
}

/**
 * What is at the snapshot's path: `missing`, `unreadable` (a start reads the whole journal instead: the same
 * for both), `load` (valid only as a whole: a v1 snapshot in JSON Lines, or events out of journal order), or
 * the events of a valid v2 snapshot.
 */
export type SnapshotFound =
  { kind: 'missing' } | { kind: 'unreadable'; error: string } | { kind: 'load'; why: string } | { kind: 'v2'; events: SnapshotEvents };

/** A snapshot that loads, but whose events cannot be read row by row against the journal. */
class NeedsLoading extends Error {}

/** Opens the snapshot at `path` for its events; never throws (loadSnapshot's verdicts, store/snapshot.ts). */
export function openSnapshotEvents(path: string): SnapshotFound {
  let first: Buffer;
  try {
    first = readFirstBytes(path, 16);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', error: (error as Error).message };
  }
  if (!isColumnFile(first)) return { kind: 'load', why: 'a v1 snapshot' };
  try {
    return { kind: 'v2', events: checkedEvents(openColumnFile(path)) };
  } catch (error) {
    const message = (error as Error).message;
    return error instanceof NeedsLoading ? { kind: 'load', why: message } : { kind: 'unreadable', error: message };
  }
}

/** The first `n` bytes of the file at `path` (fewer when it is shorter). */
function readFirstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(n);
    return bytes.subarray(0, readSync(fd, bytes, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The events of the open column file `reader` (its descriptor, CRC and size already checked; every read below
 * is of that same open file, so a snapshot renamed over it meanwhile changes nothing), once every column's
 * CRC and the events section's shape check out. Closes the reader on error. @throws Error saying what is wrong.
 */
function checkedEvents(reader: ColumnFileReader): SnapshotEvents {
  const regions: FileRegion[] = [];
  try {
    const h = reader.head as SnapshotHeader;
    if (!isSnapshotHeader(h)) throw new Error('no snapshot header');
    for (const name of ['events', 'employees', 'runs']) if (!reader.sections.has(name)) throw new Error(`it has no ${name} section`);
    if (!Array.isArray(reader.sections.get('runs')!.meta)) throw new Error('its runs section is unreadable');
    const section = reader.sections.get('events')!;
    const rows = checkEventShape(section.meta, section.columns);
    const kept = new Map<string, FileRegion>();
    for (const s of reader.sections.values())
      for (const entry of s.columns.values()) {
        const region = reader.region(entry); // its CRC-32 checked, a chunk at a time
        regions.push(region);
        if (s === section) kept.set(entry.name, region);
      }
    checkJournalOrder(kept.get('n.offset')!, h.journalPosition);
    const offsets = kept.get('n.offset')!;
    const hashes = kept.get('idHashes')!;
    const heap = { data: kept.get('h.eventId.data')!, starts: kept.get('h.eventId.starts')!, lengths: kept.get('h.eventId.lengths')! };
    const word = Buffer.alloc(4);
    const uint32At = (region: FileRegion, row: number): number => region.read(row * 4, 4, word).readUInt32LE(0);
    const view = (array: Float64Array | Uint32Array, count: number): Buffer => Buffer.from(array.buffer, array.byteOffset, count * array.BYTES_PER_ELEMENT);
    return {
      header: h,
      rows,
      readRows(from, offsetsOut, hashesOut) {
        const count = Math.min(rows - from, offsetsOut.length, hashesOut.length);
        offsets.read(from * 8, count * 8, view(offsetsOut, count));
        hashes.read(from * 4, count * 4, view(hashesOut, count));
        return count;
      },
      eventIdAt(row) {
        const length = uint32At(heap.lengths, row);
        if (length > heap.data.bytes) return ''; // a null row (never an eventId's)
        return heap.data.read(uint32At(heap.starts, row), length).toString('utf8');
      },
      close: () => {
        for (const region of regions) region.release();
        reader.close();
      },
    };
  } catch (error) {
    for (const region of regions) region.release();
    reader.close();
    throw error;
  }
}

/**
 * Checks the events section as eventTableFromSection reads it (event-table-bytes.ts): its row count and
 * dictionaries, and that each column holds a row per event. @returns the row count. @throws Error saying what is wrong.
 */
function checkEventShape(meta: unknown, columns: ReadonlyMap<string, ColumnEntry>): number {
  const m = meta as { rows: number; dictionaries: Record<string, unknown>; oddTimes: unknown };
  if (!m || !Number.isSafeInteger(m.rows) || m.rows < 0 || typeof m.dictionaries !== 'object' || !Array.isArray(m.oddTimes))
    throw new Error('its events section has no row count');
  const rows = m.rows;
  const size = (name: string): number => {
    const entry = columns.get(name);
    if (!entry) throw new Error(`its events column ${name} is missing`);
    return entry.bytes;
  };
  const expect = (name: string, bytesPerRow: number | null): void => {
    const held = size(name) / (bytesPerRow ?? 4);
    if (!Number.isInteger(held) || (bytesPerRow !== null && held !== rows))
      throw new Error(`its events column ${name} has ${size(name)} bytes, not ${rows} rows`);
  };
  numberColumns((name, type) => (expect(`n.${name}`, type.BYTES_PER_ELEMENT), null as never));
  for (const f of CODED) {
    const width = rows === 0 ? 1 : size(`c.${f}`) / rows;
    expect(`c.${f}`, width === 1 || width === 2 ? width : 4);
    const values = m.dictionaries[f];
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new Error(`its events dictionary ${f} is missing`);
  }
  for (const f of HEAPS) {
    size(`h.${f}.data`);
    expect(`h.${f}.starts`, 4);
    expect(`h.${f}.lengths`, 4);
  }
  for (const name of ['idHashes', 's.current']) expect(name, 4);
  for (const name of ['s.recordStart', 's.recordRow']) expect(name, null);
  size('s.data');
  return rows;
}

/**
 * Checks that the offsets of `offsets` (Float64, the events' journal lines) ascend and lie before the position
 * the snapshot covers: what a merge with the journal's lines relies on. @throws NeedsLoading when they do not.
 */
function checkJournalOrder(offsets: FileRegion, journalPosition: number): void {
  let previous = -1;
  offsets.forEachChunk(CHUNK_BYTES, (chunk) => {
    for (const offset of new Float64Array(chunk.buffer, chunk.byteOffset, chunk.length / 8)) {
      if (!(offset > previous && offset < journalPosition)) throw new NeedsLoading('its events are not in journal order');
      previous = offset;
    }
  });
}

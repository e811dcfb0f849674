/**
 * The `events` section of a state snapshot (v2, store/snapshot.ts) read for `export events` without loading
 * the state: the file is checked as a start would load it (its descriptor, its header, every column's CRC-32
 * read in chunks, the events section's shape), then only each row's journal offset and eventId hash are
 * read, a window of rows at a time, and an eventId now and then from its string heap. Memory stays a few MB
 * whatever the number of events or employees. Column names and layout: state/event-table-bytes.ts.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { isColumnFile, openColumnFile, type ColumnEntry } from '../state/columns/column-file';
import { CODED, HEAPS, numberColumns } from '../state/event-table';
import { isSnapshotHeader, type SnapshotHeader } from '../store/snapshot';

/** Bytes read per call while checking the columns (a multiple of 8, so number columns split into whole rows). */
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

/** A snapshot renamed over the one being opened (a running serve wrote a new one): open it again. */
class Replaced extends Error {}

/** Opens the snapshot at `path` for its events; never throws (loadSnapshot's verdicts, store/snapshot.ts). */
export function openSnapshotEvents(path: string): SnapshotFound {
  for (let attempt = 1; ; attempt++) {
    const found = openOnce(path);
    if (found !== 'replaced') return found;
    if (attempt === 3) return { kind: 'unreadable', error: 'it was replaced three times while it was opened' };
  }
}

function openOnce(path: string): SnapshotFound | 'replaced' {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', error: (error as Error).message };
  }
  try {
    const first = Buffer.alloc(16);
    if (!isColumnFile(first.subarray(0, readSync(fd, first, 0, 16, 0)))) {
      closeSync(fd);
      return { kind: 'load', why: 'a v1 snapshot' };
    }
    return { kind: 'v2', events: checkedEvents(path, fd) };
  } catch (error) {
    closeSync(fd);
    if (error instanceof Replaced) return 'replaced';
    const message = (error as Error).message;
    return error instanceof NeedsLoading ? { kind: 'load', why: message } : { kind: 'unreadable', error: message };
  }
}

/** The events of the column file open as `fd`, once every column's CRC and the events section's shape check out. @throws Error saying what is wrong. */
function checkedEvents(path: string, fd: number): SnapshotEvents {
  const reader = openColumnFile(path); // the descriptor, its CRC and the file's size against its layout
  reader.close();
  if (fstatSync(fd).ino !== statSync(path).ino) throw new Replaced(); // the descriptor read is not the file `fd` reads
  const h = reader.head as SnapshotHeader;
  if (!isSnapshotHeader(h)) throw new Error('no snapshot header');
  for (const name of ['events', 'employees', 'runs']) if (!reader.sections.has(name)) throw new Error(`it has no ${name} section`);
  if (!Array.isArray(reader.sections.get('runs')!.meta)) throw new Error('its runs section is unreadable');
  const section = reader.sections.get('events')!;
  const rows = checkEventShape(section.meta, section.columns);
  const column = (name: string): ColumnEntry => section.columns.get(name)!;
  const chunk = new Uint8Array(new ArrayBuffer(CHUNK_BYTES));
  for (const s of reader.sections.values())
    for (const entry of s.columns.values()) checkColumn(fd, entry, chunk, entry === column('n.offset') ? h.journalPosition : null);
  const offsets = column('n.offset');
  const hashes = column('idHashes');
  const heap = { data: column('h.eventId.data'), starts: column('h.eventId.starts'), lengths: column('h.eventId.lengths') };
  const word = new Uint32Array(1);
  const uint32At = (entry: ColumnEntry, row: number): number => {
    readExactly(fd, new Uint8Array(word.buffer), entry.position + row * 4);
    return word[0]!;
  };
  return {
    header: h,
    rows,
    readRows(from, offsetsOut, hashesOut) {
      const count = Math.min(rows - from, offsetsOut.length, hashesOut.length);
      readExactly(fd, new Uint8Array(offsetsOut.buffer, offsetsOut.byteOffset, count * 8), offsets.position + from * 8);
      readExactly(fd, new Uint8Array(hashesOut.buffer, hashesOut.byteOffset, count * 4), hashes.position + from * 4);
      return count;
    },
    eventIdAt(row) {
      const length = uint32At(heap.lengths, row);
      if (length > heap.data.bytes) return ''; // a null row (never an eventId's)
      const bytes = Buffer.allocUnsafe(length);
      readExactly(fd, bytes, heap.data.position + uint32At(heap.starts, row));
      return bytes.toString('utf8');
    },
    close: () => closeSync(fd),
  };
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
 * Reads column `entry` in chunks and checks its CRC-32; for the offset column (`journalPosition` given), also
 * that the offsets ascend and lie before the position the snapshot covers (what a merge with the journal's
 * lines relies on). @throws Error "its column <section>.<name> is damaged" or saying what is out of order.
 */
function checkColumn(fd: number, entry: ColumnEntry, chunk: Uint8Array, journalPosition: number | null): void {
  let crc = 0;
  let previous = -1;
  for (let at = 0; at < entry.bytes; at += chunk.length) {
    const bytes = chunk.subarray(0, Math.min(chunk.length, entry.bytes - at));
    readExactly(fd, bytes, entry.position + at);
    crc = crc32(bytes, crc);
    if (journalPosition === null) continue;
    const offsets = new Float64Array(bytes.buffer, 0, bytes.length / 8);
    for (const offset of offsets) {
      if (!(offset > previous && offset < journalPosition)) throw new NeedsLoading('its events are not in journal order');
      previous = offset;
    }
  }
  if (crc !== entry.crc) throw new Error(`its column ${entry.section}.${entry.name} is damaged`);
}

/** Fills `into` from `fd` at `position`; throws "it is cut short" at the file's end. */
function readExactly(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length;) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('it is cut short');
    done += n;
  }
}

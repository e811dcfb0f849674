/**
 * Strings of a column (recordId, name, email, eventId…) as UTF-8 bytes, with a start and a byte length per row:
 * ~1 byte per ASCII character plus 8 per row, where a JS string costs ~16 bytes of header plus its characters
 * and a pointer. The bytes are one address space: a prefix may lie in the last snapshot's file (`base`, read
 * on demand: file-region.ts), the rest in one growable buffer. Rows can be replaced (`set`): a longer value is
 * appended and the old bytes become garbage until the heap is compacted (`capture` does it past a quarter of
 * the bytes).
 */
import type { ColumnBytes, FileRegion, Rebasable } from './file-region';
import { TieredBytes } from './tiered-bytes';
import { NumberColumn, viewAs } from './number-column';

/** The byte length that marks a null row. */
const NULL = 0xffff_ffff;
/** Whether `bytes` hold `value` at `at`: a loop for short values (no call into the runtime), compare for long ones. */
function sameBytes(bytes: Buffer, at: number, value: Uint8Array): boolean {
  const n = value.byteLength;
  if (n > 32) return bytes.compare(value, 0, n, at, at + n) === 0;
  for (let k = n - 1; k >= 0; k--) if (bytes[at + k] !== value[k]) return false; // ids differ at their end first
  return true;
}

/** The bytes of the file a scan reads at a time. */
const SCAN_WINDOW = 1024 * 1024;

/** A heap's storage as snapshot columns: `data` (UTF-8), `starts` and `lengths` (Uint32, NULL for null). */
export interface StringHeapBytes {
  data: Uint8Array;
  starts: Uint8Array;
  lengths: Uint8Array;
}

/** A heap's storage as snapshot columns to write: its data may be partly in the previous snapshot's file. */
export interface HeapColumns {
  data: ColumnBytes;
  starts: Uint8Array;
  lengths: Uint8Array;
}

/** A heap's capture for a snapshot, with the layout it was captured in (see Rebasable). */
export interface CapturedHeap extends HeapColumns {
  epoch: number;
}

export class StringHeap implements Rebasable {
  /** The rows' bytes, a prefix of them possibly in a file. */
  private bytes: TieredBytes;
  /** Bumped by every compaction: a capture taken before it cannot be rebased. */
  epoch = 0;
  /** A reused buffer for reads from the base. */
  private scratch = Buffer.allocUnsafe(256);
  /** Whether a row was ever replaced (else the rows lie in order, back to back: compacted() is a view). */
  private replaced = false;
  /** Bytes of `data` no row points to any more (replaced values). */
  private garbage = 0;
  /** Bytes before this offset are never rewritten: the last capture holds them as a view. */
  private sealed = 0;

  private constructor(
    bytes: TieredBytes,
    private starts: NumberColumn<Uint32Array>,
    private lengths: NumberColumn<Uint32Array>,
  ) {
    this.bytes = bytes;
    const used = bytes.used;
    let live = 0;
    const l = lengths.view();
    for (let i = 0; i < l.length; i++) if (l[i] !== NULL) live += l[i]!;
    this.garbage = used - live;
    this.replaced = this.garbage > 0;
  }

  /** An empty heap. */
  static empty(): StringHeap {
    return new StringHeap(new TieredBytes(), new NumberColumn(Uint32Array), new NumberColumn(Uint32Array));
  }

  /**
   * A heap over a snapshot's columns: views when `room` is 0, else copies with room for `room` more rows (of
   * the average size). Throws RangeError when they disagree.
   */
  static fromBytes(bytes: StringHeapBytes, room = 0): StringHeap {
    const starts = viewAs(Uint32Array, bytes.starts);
    const lengths = viewAs(Uint32Array, bytes.lengths);
    const size = bytes.data.byteLength;
    if (room === 0)
      return StringHeap.fromColumns(
        Buffer.from(bytes.data.buffer, bytes.data.byteOffset, size),
        size,
        NumberColumn.wrap(Uint32Array, starts),
        NumberColumn.wrap(Uint32Array, lengths),
      );
    const data = Buffer.allocUnsafe(size + StringHeap.roomBytes(size, starts.length, room));
    data.set(bytes.data);
    return StringHeap.fromColumns(data, size, NumberColumn.of(Uint32Array, starts, room), NumberColumn.of(Uint32Array, lengths, room));
  }

  /**
   * A heap over storage already in place: `data` (of which `used` bytes hold rows, the rest is room), and its
   * starts and lengths. Throws RangeError when they disagree.
   */
  static fromColumns(data: Buffer, used: number, starts: NumberColumn<Uint32Array>, lengths: NumberColumn<Uint32Array>): StringHeap {
    return StringHeap.over(new TieredBytes(data, used), starts, lengths);
  }

  /** A heap whose data stays in `region` (a snapshot's column), with its starts and lengths in memory. */
  static fromRegion(region: FileRegion, starts: NumberColumn<Uint32Array>, lengths: NumberColumn<Uint32Array>): StringHeap {
    const heap = StringHeap.over(TieredBytes.inFile(region), starts, lengths);
    heap.sealed = region.bytes;
    return heap;
  }

  /** A heap over `bytes`; throws RangeError when the starts and lengths disagree with them. */
  private static over(bytes: TieredBytes, starts: NumberColumn<Uint32Array>, lengths: NumberColumn<Uint32Array>): StringHeap {
    const used = bytes.used;
    if (starts.length !== lengths.length) throw new RangeError('string heap: starts and lengths differ in rows');
    const s = starts.view();
    const l = lengths.view();
    for (let i = 0; i < s.length; i++) {
      const n = l[i]!;
      if (n !== NULL && s[i]! + n > used) throw new RangeError(`string heap: row ${i} ends past the data`);
    }
    return new StringHeap(bytes, starts, lengths);
  }

  /** Bytes of room for `room` more rows of the average size of `rows` rows in `size` bytes. */
  static roomBytes(size: number, rows: number, room: number): number {
    return Math.ceil((room * Math.max(16, size)) / Math.max(1, rows));
  }

  get length(): number {
    return this.starts.length;
  }

  /** Bytes held in memory (data not in the file plus 8 per row), for memory figures. */
  get byteSize(): number {
    return this.bytes.inMemory + this.starts.length * 8;
  }

  /** `n` bytes from `start` (one row's: never across the base's end); valid until the next read or write. */
  private bytesAt(start: number, n: number): Buffer {
    if (n > this.scratch.length) this.scratch = Buffer.allocUnsafe(n);
    return this.bytes.read(start, n, this.scratch);
  }

  /** Appends a row; returns its index. */
  push(value: string | null): number {
    if (value === null) {
      this.lengths.push(NULL);
      return this.starts.push(0);
    }
    const start = this.bytes.append(value);
    this.lengths.push(this.bytes.used - start);
    return this.starts.push(start);
  }

  /** Replaces row `i` (in place when the new value fits in the old bytes). */
  set(i: number, value: string | null): void {
    const old = this.lengths.get(i);
    if (old === undefined) throw new RangeError(`row ${i} of ${this.length}`);
    this.replaced = true;
    if (old !== NULL) this.garbage += old;
    if (value === null) {
      this.lengths.set(i, NULL);
      return;
    }
    const size = Buffer.byteLength(value, 'utf8');
    const at = this.starts.get(i)!;
    if (old !== NULL && size <= old && at >= this.sealed) {
      const { buffer, index } = this.bytes.memoryAt(at);
      buffer.write(value, index, 'utf8');
      this.lengths.set(i, size);
      this.garbage -= size;
      return;
    }
    const start = this.bytes.append(value);
    this.starts.set(i, start);
    this.lengths.set(i, this.bytes.used - start);
  }

  /** Row `i`'s string; null for a null row; undefined past the end. */
  get(i: number): string | null | undefined {
    const n = this.lengths.get(i);
    if (n === undefined) return undefined;
    if (n === NULL) return null;
    return this.bytesAt(this.starts.get(i)!, n).toString('utf8');
  }

  /** Whether row `i` holds exactly `value`. */
  equals(i: number, value: string): boolean {
    const n = this.lengths.get(i);
    if (n === undefined || n === NULL || n < value.length || n > value.length * 3) return false;
    return this.bytesAt(this.starts.get(i)!, n).toString('utf8') === value;
  }

  /** Whether row `i` holds exactly the UTF-8 bytes `value` (no decoding: for scans that compare many rows). */
  equalsBytes(i: number, value: Uint8Array): boolean {
    const n = this.lengths.get(i);
    if (n !== value.byteLength) return false;
    const start = this.starts.get(i)!;
    if (start < this.bytes.baseBytes) return this.bytesAt(start, n).equals(value);
    const { buffer, index } = this.bytes.memoryAt(start);
    return sameBytes(buffer, index, value);
  }

  /**
   * Calls `onRow` (false from it stops the scan) for each row from `from` on that `candidate` accepts and that
   * holds exactly the bytes `value`, reading the file a window at a time (rows lie in row order unless
   * replaced: the windows then only move forward), so a scan of a million rows costs a few reads, not one
   * per row, nor a copy of the heap.
   */
  scanEqual(value: Uint8Array, candidate: (row: number) => boolean, onRow: (row: number) => boolean | void, from = 0): void {
    const n = value.byteLength;
    const starts = this.starts.view();
    const lengths = this.lengths.view();
    const baseBytes = this.bytes.baseBytes;
    let window: Buffer | null = null;
    let windowStart = 0;
    let windowEnd = 0;
    for (let row = from; row < lengths.length; row++) {
      if (lengths[row] !== n || !candidate(row)) continue;
      const start = starts[row]!;
      let bytes: Buffer;
      let at: number;
      if (start >= baseBytes) ({ buffer: bytes, index: at } = this.bytes.memoryAt(start));
      else {
        if (window === null || start < windowStart || start + n > windowEnd) {
          windowStart = start;
          windowEnd = Math.min(baseBytes, start + Math.max(SCAN_WINDOW, n));
          window = this.bytes.readFile(windowStart, windowEnd);
        }
        bytes = window;
        at = start - windowStart;
      }
      if (sameBytes(bytes, at, value) && onRow(row) === false) return;
    }
  }

  /**
   * This heap with all its bytes in memory: itself when none is in a file, else a read-only copy (for scans
   * that read most rows: one read of the file instead of one per row). Do not keep it.
   */
  resident(): StringHeap {
    return this.bytes.inFile ? new StringHeap(new TieredBytes(this.bytes.all(), this.bytes.used), this.starts, this.lengths) : this;
  }

  /**
   * Takes `region` (the first `region.bytes` bytes of this heap, as captured at `epoch`, now in a written
   * snapshot) as its base and frees its own copy of them; ignored when compacted since or not a prefix.
   */
  rebase(region: FileRegion, epoch: number): void {
    if (epoch !== this.epoch || region.bytes > this.sealed) return region.release();
    this.bytes.rebase(region);
  }

  /**
   * A consistent capture for a snapshot, taken synchronously and written later: the bytes as a view (sealed:
   * later sets append instead of rewriting them) with copies of the starts and lengths, which change in place
   * (views of them when `appendOnly`: a heap whose rows are never replaced). Compacts the heap first when over
   * a quarter of its bytes are replaced values.
   */
  capture(appendOnly = false): CapturedHeap {
    if (this.garbage * 4 > this.bytes.used) this.compact();
    this.sealed = this.bytes.used;
    const offsets = (column: NumberColumn<Uint32Array>): Uint8Array => (appendOnly ? column.bytes() : new Uint8Array(column.bytes()));
    return { data: this.bytes.column(), starts: offsets(this.starts), lengths: offsets(this.lengths), epoch: this.epoch };
  }

  /** Rewrites the heap without its garbage (new storage, with room for 1/16 more bytes and rows). */
  private compact(): void {
    const bytes = this.compacted();
    const rows = this.length;
    const data = Buffer.allocUnsafe(Math.max(64 * 1024, Math.ceil(bytes.data.byteLength * 1.0625)));
    data.set(bytes.data as Uint8Array);
    const room = (rows >> 4) + 1024;
    this.bytes.release();
    this.bytes = new TieredBytes(data, bytes.data.byteLength);
    this.epoch++;
    this.starts = NumberColumn.of(Uint32Array, viewAs(Uint32Array, bytes.starts), room);
    this.lengths = NumberColumn.of(Uint32Array, viewAs(Uint32Array, bytes.lengths), room);
    this.garbage = 0;
    this.replaced = false;
    this.sealed = 0;
  }

  /**
   * The storage as snapshot columns, without garbage (copies when rows were replaced; its data partly in a
   * file only when none was).
   */
  compacted(): HeapColumns {
    if (!this.replaced) return { data: this.bytes.column(), starts: this.starts.bytes(), lengths: this.lengths.bytes() };
    if (this.bytes.inFile) return this.resident().compacted();
    const memory = this.bytes.memoryAt(0).buffer; // all in memory, from address 0
    const rows = this.length;
    let live = 0;
    let contiguous = true;
    for (let i = 0, at = 0; i < rows; i++) {
      const n = this.lengths.get(i)!;
      if (n === NULL) continue;
      if (this.starts.get(i) !== at) contiguous = false;
      at += n;
      live += n;
    }
    if (contiguous) return { data: memory.subarray(0, live), starts: this.starts.bytes(), lengths: this.lengths.bytes() };
    const data = Buffer.allocUnsafe(live);
    const starts = new Uint32Array(rows);
    const lengths = new Uint32Array(rows);
    for (let i = 0, at = 0; i < rows; i++) {
      const n = this.lengths.get(i)!;
      lengths[i] = n;
      starts[i] = at;
      if (n === NULL) continue;
      const from = this.starts.get(i)!;
      memory.copy(data, at, from, from + n);
      at += n;
    }
    return { data, starts: new Uint8Array(starts.buffer), lengths: new Uint8Array(lengths.buffer) };
  }
}

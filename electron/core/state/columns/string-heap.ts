/**
 * Strings of a column (recordId, name, email, eventId…) as UTF-8 bytes in one growable buffer, with a start and
 * a byte length per row: ~1 byte per ASCII character plus 8 per row, where a JS string costs ~16 bytes of
 * header plus its characters and a pointer. Rows can be replaced (`set`): a longer value is appended and the
 * old bytes become garbage until the heap is compacted (`capture` does it past a quarter of the bytes).
 */
import { NumberColumn, viewAs } from './number-column';

/** The byte length that marks a null row. */
const NULL = 0xffff_ffff;

/** A heap's storage as snapshot columns: `data` (UTF-8), `starts` and `lengths` (Uint32, NULL for null). */
export interface StringHeapBytes {
  data: Uint8Array;
  starts: Uint8Array;
  lengths: Uint8Array;
}

export class StringHeap {
  private data: Buffer;
  private used = 0;
  /** Whether a row was ever replaced (else the rows lie in order, back to back: compacted() is a view). */
  private replaced = false;
  /** Bytes of `data` no row points to any more (replaced values). */
  private garbage = 0;
  /** Bytes before this offset are never rewritten: the last capture holds them as a view. */
  private sealed = 0;

  private constructor(
    data: Buffer,
    used: number,
    private starts: NumberColumn<Uint32Array>,
    private lengths: NumberColumn<Uint32Array>,
  ) {
    this.data = data;
    this.used = used;
    let live = 0;
    const l = lengths.view();
    for (let i = 0; i < l.length; i++) if (l[i] !== NULL) live += l[i]!;
    this.garbage = used - live;
    this.replaced = this.garbage > 0;
  }

  /** An empty heap. */
  static empty(): StringHeap {
    return new StringHeap(Buffer.allocUnsafe(64 * 1024), 0, new NumberColumn(Uint32Array), new NumberColumn(Uint32Array));
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
    if (starts.length !== lengths.length) throw new RangeError('string heap: starts and lengths differ in rows');
    const s = starts.view();
    const l = lengths.view();
    for (let i = 0; i < s.length; i++) {
      const n = l[i]!;
      if (n !== NULL && s[i]! + n > used) throw new RangeError(`string heap: row ${i} ends past the data`);
    }
    return new StringHeap(data, used, starts, lengths);
  }

  /** Bytes of room for `room` more rows of the average size of `rows` rows in `size` bytes. */
  static roomBytes(size: number, rows: number, room: number): number {
    return Math.ceil((room * Math.max(16, size)) / Math.max(1, rows));
  }

  get length(): number {
    return this.starts.length;
  }

  /** Bytes held (data used plus 8 per row), for memory figures. */
  get byteSize(): number {
    return this.used + this.starts.length * 8;
  }

  /** Appends a row; returns its index. */
  push(value: string | null): number {
    if (value === null) {
      this.lengths.push(NULL);
      return this.starts.push(0);
    }
    const start = this.write(value);
    this.lengths.push(this.used - start);
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
      this.data.write(value, at, 'utf8');
      this.lengths.set(i, size);
      this.garbage -= size;
      return;
    }
    const start = this.write(value);
    this.starts.set(i, start);
    this.lengths.set(i, this.used - start);
  }

  /** Row `i`'s string; null for a null row; undefined past the end. */
  get(i: number): string | null | undefined {
    const n = this.lengths.get(i);
    if (n === undefined) return undefined;
    if (n === NULL) return null;
    const start = this.starts.get(i)!;
    return this.data.toString('utf8', start, start + n);
  }

  /** Whether row `i` holds exactly `value`. */
  equals(i: number, value: string): boolean {
    const n = this.lengths.get(i);
    if (n === undefined || n === NULL || n < value.length || n > value.length * 3) return false;
    const start = this.starts.get(i)!;
    return this.data.toString('utf8', start, start + n) === value;
  }

  /** Whether row `i` holds exactly the UTF-8 bytes `value` (no decoding: for scans that compare many rows). */
  equalsBytes(i: number, value: Uint8Array): boolean {
    const n = this.lengths.get(i);
    if (n !== value.byteLength) return false;
    const start = this.starts.get(i)!;
    if (n > 32) return this.data.compare(value, 0, n, start, start + n) === 0;
    for (let k = n - 1; k >= 0; k--) if (this.data[start + k] !== value[k]) return false; // ids differ at their end first
    return true;
  }

  /**
   * A consistent capture for a snapshot, taken synchronously and written later: the bytes as a view (sealed:
   * later sets append instead of rewriting them) with copies of the starts and lengths, which change in place.
   * Compacts the heap first when over a quarter of its bytes are replaced values.
   */
  capture(): StringHeapBytes {
    if (this.garbage * 4 > this.used) this.compact();
    this.sealed = this.used;
    return { data: this.data.subarray(0, this.used), starts: new Uint8Array(this.starts.bytes()), lengths: new Uint8Array(this.lengths.bytes()) };
  }

  /** Rewrites the heap without its garbage (new storage, with room for 1/16 more bytes and rows). */
  private compact(): void {
    const bytes = this.compacted();
    const rows = this.length;
    const data = Buffer.allocUnsafe(Math.max(64 * 1024, Math.ceil(bytes.data.byteLength * 1.0625)));
    data.set(bytes.data);
    const room = (rows >> 4) + 1024;
    this.data = data;
    this.used = bytes.data.byteLength;
    this.starts = NumberColumn.of(Uint32Array, viewAs(Uint32Array, bytes.starts), room);
    this.lengths = NumberColumn.of(Uint32Array, viewAs(Uint32Array, bytes.lengths), room);
    this.garbage = 0;
    this.replaced = false;
    this.sealed = 0;
  }

  /** The storage as snapshot columns, without garbage (copies when rows were replaced). */
  compacted(): StringHeapBytes {
    if (!this.replaced) return { data: this.data.subarray(0, this.used), starts: this.starts.bytes(), lengths: this.lengths.bytes() };
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
    if (contiguous) return { data: this.data.subarray(0, live), starts: this.starts.bytes(), lengths: this.lengths.bytes() };
    const data = Buffer.allocUnsafe(live);
    const starts = new Uint32Array(rows);
    const lengths = new Uint32Array(rows);
    for (let i = 0, at = 0; i < rows; i++) {
      const n = this.lengths.get(i)!;
      lengths[i] = n;
      starts[i] = at;
      if (n === NULL) continue;
      const from = this.starts.get(i)!;
      this.data.copy(data, at, from, from + n);
      at += n;
    }
    return { data, starts: new Uint8Array(starts.buffer), lengths: new Uint8Array(lengths.buffer) };
  }

  /** Writes `value` after the used bytes, growing the buffer; returns where it starts. */
  private write(value: string): number {
    const max = value.length * 3;
    if (this.used + max > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.used + max));
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
    }
    const start = this.used;
    this.used += this.data.write(value, start, 'utf8');
    return start;
  }
}

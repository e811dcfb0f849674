/**
 * A growable column of numbers in one typed array (no object per row): the storage of the core's tables
 * (event-table.ts, employee-table.ts). Doubling growth; `view()` is the filled part, shared, not copied.
 */

/** The typed arrays a column can hold. */
export type NumberArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

interface NumberArrayConstructor<T extends NumberArray> {
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export class NumberColumn<T extends NumberArray> {
  private data: T;
  private filled = 0;

  constructor(
    private readonly type: NumberArrayConstructor<T>,
    capacity = 1024,
  ) {
    this.data = new type(Math.max(16, capacity));
  }

  /** A column holding `values` (a copy, with room for `room` more rows before it grows). */
  static of<T extends NumberArray>(type: NumberArrayConstructor<T>, values: ArrayLike<number>, room = 1024): NumberColumn<T> {
    const column = new NumberColumn(type, values.length + room);
    column.data.set(values);
    column.filled = values.length;
    return column;
  }

  /**
   * A column of `rows` rows whose bytes `fill` writes in place (a snapshot's column read straight into its
   * storage: no copy, no buffer left over), with room for `room` more rows.
   */
  static read<T extends NumberArray>(type: NumberArrayConstructor<T>, rows: number, room: number, fill: (bytes: Uint8Array) => void): NumberColumn<T> {
    const column = new NumberColumn(type, rows + room);
    fill(new Uint8Array(column.data.buffer, column.data.byteOffset, rows * type.BYTES_PER_ELEMENT));
    column.filled = rows;
    return column;
  }

  /** A column over `data` as it is (no copy: a snapshot's view); growing copies it. */
  static wrap<T extends NumberArray>(type: NumberArrayConstructor<T>, data: T): NumberColumn<T> {
    const column = new NumberColumn(type, 16);
    column.data = data;
    column.filled = data.length;
    return column;
  }

  get length(): number {
    return this.filled;
  }

  /** The value of row `i` (undefined past the end). */
  get(i: number): number | undefined {
    return i < this.filled ? this.data[i] : undefined;
  }

  /** Sets row `i`, which must exist. */
  set(i: number, value: number): void {
    if (i >= this.filled) throw new RangeError(`row ${i} of ${this.filled}`);
    this.data[i] = value;
  }

  /** Appends one value; returns its row. */
  push(value: number): number {
    if (this.filled === this.data.length) this.grow(this.filled * 2);
    this.data[this.filled] = value;
    return this.filled++;
  }

  /** Drops the rows from `length` on (used to undo a failed append). */
  truncate(length: number): void {
    this.filled = Math.min(this.filled, Math.max(0, length));
  }

  /** The filled rows as a view of the storage: valid until the next push that grows it; copy it to keep it. */
  view(): T {
    return this.data.subarray(0, this.filled) as T;
  }

  /** The filled rows as their bytes (a view), for a snapshot section. */
  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.filled * this.type.BYTES_PER_ELEMENT);
  }

  /** Bytes per row, for memory figures. */
  get bytesPerRow(): number {
    return this.type.BYTES_PER_ELEMENT;
  }

  private grow(capacity: number): void {
    const next = new this.type(Math.max(16, capacity));
    next.set(this.data);
    this.data = next;
  }
}

/**
 * A typed array of `type` reading `bytes` (a snapshot section's column): a view when aligned, else a copy.
 * Throws RangeError when the byte length is not a whole number of rows.
 */
export function viewAs<T extends NumberArray>(
  type: NumberArrayConstructor<T> & { new (buffer: ArrayBufferLike, offset: number, length: number): T },
  bytes: Uint8Array,
): T {
  const size = type.BYTES_PER_ELEMENT;
  if (bytes.byteLength % size !== 0) throw new RangeError(`${bytes.byteLength} bytes is not a whole number of ${size}-byte values`);
  if (bytes.byteOffset % size === 0) return new type(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  const copy = new Uint8Array(bytes);
  return new type(copy.buffer, 0, bytes.byteLength / size);
}

/**
 * Case-insensitive substring search over the text fields of many rows, in one scan of one buffer: each row's
 * fields are lower-cased (String#toLowerCase, as the filters always did) and appended, NUL-separated, as one
 * record; `Buffer#indexOf` finds the needle and a binary search turns the byte position into the record. A row
 * that changes gets a new record; its old one is skipped (it no longer is the row's current record).
 */
import { NumberColumn, viewAs } from './number-column';
import { StringHeap } from './string-heap';

/** A SearchText's storage as snapshot columns. */
export interface SearchTextBytes {
  data: Uint8Array;
  recordStart: Uint8Array;
  recordRow: Uint8Array;
  current: Uint8Array;
}

/** The separator between fields and records: never in a needle, so no match spans two fields. */
const SEPARATOR = 0;

export class SearchText {
  private data: Buffer = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** Per record: where it starts (ascending) and whose row it is. */
  private recordStart: NumberColumn<Uint32Array> = new NumberColumn(Uint32Array);
  private recordRow: NumberColumn<Uint32Array> = new NumberColumn(Uint32Array);
  /** Per row: its current record + 1 (0: none yet). */
  private current: NumberColumn<Uint32Array> = new NumberColumn(Uint32Array);

  /**
   * A SearchText over a snapshot's columns: views when `room` is 0, else copies with room for `room` more rows
   * (see StringHeap.fromBytes). Throws RangeError when they disagree.
   */
  static fromBytes(bytes: SearchTextBytes, room = 0): SearchText {
    const starts = viewAs(Uint32Array, bytes.recordStart);
    const rows = viewAs(Uint32Array, bytes.recordRow);
    const current = viewAs(Uint32Array, bytes.current);
    const size = bytes.data.byteLength;
    if (room === 0) {
      const data = Buffer.from(bytes.data.buffer, bytes.data.byteOffset, size);
      return SearchText.fromColumns(
        data,
        size,
        NumberColumn.wrap(Uint32Array, starts),
        NumberColumn.wrap(Uint32Array, rows),
        NumberColumn.wrap(Uint32Array, current),
      );
    }
    const data = Buffer.allocUnsafe(size + StringHeap.roomBytes(size, starts.length, room));
    data.set(bytes.data);
    const column = (values: Uint32Array): NumberColumn<Uint32Array> => NumberColumn.of(Uint32Array, values, room);
    return SearchText.fromColumns(data, size, column(starts), column(rows), column(current));
  }

  /**
   * A SearchText over storage already in place: `data` (`used` bytes of records, the rest room) and its
   * record and row columns. Throws RangeError when they disagree.
   */
  static fromColumns(
    data: Buffer,
    used: number,
    recordStart: NumberColumn<Uint32Array>,
    recordRow: NumberColumn<Uint32Array>,
    current: NumberColumn<Uint32Array>,
  ): SearchText {
    const starts = recordStart.view();
    if (starts.length !== recordRow.length) throw new RangeError('search text: record columns differ in rows');
    if (starts.length > 0 && starts[starts.length - 1]! > used) throw new RangeError('search text: a record starts past the data');
    const records = current.view();
    for (let i = 0; i < records.length; i++) if (records[i]! > starts.length) throw new RangeError(`search text: row ${i} names a missing record`);
    const t = new SearchText();
    t.data = data;
    t.used = used;
    t.recordStart = recordStart;
    t.recordRow = recordRow;
    t.current = current;
    return t;
  }

  /** The storage as snapshot columns (views: valid until the next `set`). */
  toBytes(): SearchTextBytes {
    return { data: this.data.subarray(0, this.used), recordStart: this.recordStart.bytes(), recordRow: this.recordRow.bytes(), current: this.current.bytes() };
  }

  /** Bytes held, for memory figures. */
  get byteSize(): number {
    return this.used + this.recordStart.length * 8 + this.current.length * 4;
  }

  /** Sets row `row`'s fields (rows must be set in order the first time: 0, 1, 2…; later in any order). */
  set(row: number, fields: ReadonlyArray<string | null>): void {
    let text = '';
    for (const f of fields) if (f) text += `${f.toLowerCase()}\0`;
    const max = text.length * 3 + 1;
    if (this.used + max > this.data.length) {
      const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.used + max));
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
    }
    const record = this.recordStart.push(this.used);
    this.recordRow.push(row);
    this.used += this.data.write(text, this.used, 'utf8');
    this.data[this.used++] = SEPARATOR;
    if (row < this.current.length) this.current.set(row, record + 1);
    else if (row === this.current.length) this.current.push(record + 1);
    else throw new RangeError(`row ${row} set before row ${this.current.length}`);
  }

  /**
   * Calls `onRow` once for each row whose current fields contain `needle` (case-insensitive), in record order:
   * ascending row order while rows were never replaced. An empty needle matches nothing here (callers treat it
   * as no filter). With `fromRow`, the scan starts at that row's current record (for a table whose rows are
   * never replaced: exactly the rows from `fromRow` on, so a kept result is extended, not redone).
   */
  find(needle: string, onRow: (row: number) => void, fromRow = 0): void {
    const n = needle.toLowerCase();
    if (n === '' || n.includes('\0') || fromRow >= this.current.length) return;
    const bytes = Buffer.from(n, 'utf8');
    const text = this.data.subarray(0, this.used);
    const starts = this.recordStart.view();
    const rows = this.recordRow.view();
    const current = this.current.view();
    const last = starts.length - 1;
    let record = fromRow === 0 ? 0 : Math.max(0, this.current.get(fromRow)! - 1);
    let at = text.indexOf(bytes, starts[record]);
    while (at !== -1) {
      // the record holding byte `at`: galloping from the current one (hits come in ascending order)
      let step = 1;
      while (record + step <= last && starts[record + step]! <= at) step *= 2;
      let lo = record + (step >>> 1);
      let hi = Math.min(last, record + step);
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      record = lo;
      const row = rows[record]!;
      if (current[row] === record + 1) onRow(row);
      if (record >= last) break;
      record++;
      at = text.indexOf(bytes, starts[record]);
    }
  }
}

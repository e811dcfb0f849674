/**
 * Case-insensitive substring search over the text fields of many rows, in one scan of one text: each row's
 * fields are lower-cased (String#toLowerCase, as the filters always did) and appended, NUL-separated, as one
 * record; `Buffer#indexOf` finds the needle and a binary search turns the byte position into the record. A row
 * that changes gets a new record; its old one is skipped (it no longer is the row's current record). The
 * records are only appended, so those of the last snapshot stay in its file (`base`, read a chunk at a time
 * by a scan: file-region.ts) and only the later ones are in memory.
 */
import type { ColumnBytes, FileRegion, Rebasable } from './file-region';
import { NumberColumn, viewAs } from './number-column';
import { StringHeap } from './string-heap';
import { TieredBytes } from './tiered-bytes';

/** A SearchText's storage as snapshot columns. */
export interface SearchTextBytes {
  data: Uint8Array;
  recordStart: Uint8Array;
  recordRow: Uint8Array;
  current: Uint8Array;
}

/** The separator between fields and records: never in a needle, so no match spans two fields. */
const SEPARATOR = 0;

export class SearchText implements Rebasable {
  /** The bytes of the base a scan reads at a time (a test makes it small to cross chunk ends). */
  static scanChunkBytes = 4 * 1024 * 1024;

  /** The records' text, a prefix of it possibly in a file. */
  private text = new TieredBytes();
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
    return SearchText.over(new TieredBytes(data, used), recordStart, recordRow, current);
  }

  /** A SearchText over `text` and its record columns; throws RangeError when they disagree. */
  private static over(
    text: TieredBytes,
    recordStart: NumberColumn<Uint32Array>,
    recordRow: NumberColumn<Uint32Array>,
    current: NumberColumn<Uint32Array>,
  ): SearchText {
    const starts = recordStart.view();
    if (starts.length !== recordRow.length) throw new RangeError('search text: record columns differ in rows');
    if (starts.length > 0 && starts[starts.length - 1]! > text.used) throw new RangeError('search text: a record starts past the data');
    const records = current.view();
    for (let i = 0; i < records.length; i++) if (records[i]! > starts.length) throw new RangeError(`search text: row ${i} names a missing record`);
    const t = new SearchText();
    t.text = text;
    t.recordStart = recordStart;
    t.recordRow = recordRow;
    t.current = current;
    return t;
  }

  /** A SearchText whose text stays in `region` (a snapshot's column), with its record columns in memory. */
  static fromRegion(
    region: FileRegion,
    recordStart: NumberColumn<Uint32Array>,
    recordRow: NumberColumn<Uint32Array>,
    current: NumberColumn<Uint32Array>,
  ): SearchText {
    return SearchText.over(TieredBytes.inFile(region), recordStart, recordRow, current);
  }

  /** The storage as snapshot columns (views: valid until the next `set`); the text partly in a file when it has a base. */
  toBytes(): Omit<SearchTextBytes, 'data'> & { data: ColumnBytes } {
    return { data: this.text.column(), recordStart: this.recordStart.bytes(), recordRow: this.recordRow.bytes(), current: this.current.bytes() };
  }

  /** Takes `region` (the first `region.bytes` bytes of the text, now in a written snapshot) as its base; see Rebasable. */
  rebase(region: FileRegion): void {
    this.text.rebase(region);
  }

  /** Bytes held in memory, for memory figures. */
  get byteSize(): number {
    return this.text.inMemory + this.recordStart.length * 8 + this.current.length * 4;
  }

  /** Sets row `row`'s fields (rows must be set in order the first time: 0, 1, 2…; later in any order). */
  set(row: number, fields: ReadonlyArray<string | null>): void {
    let text = '';
    for (const f of fields) if (f) text += `${f.toLowerCase()}\0`;
    const record = this.recordStart.push(this.text.append(text, SEPARATOR));
    this.recordRow.push(row);
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
    const text = this.scanner(bytes);
    const starts = this.recordStart.view();
    const rows = this.recordRow.view();
    const current = this.current.view();
    const last = starts.length - 1;
    let record = fromRow === 0 ? 0 : Math.max(0, this.current.get(fromRow)! - 1);
    let at = text.indexOf(starts[record]!);
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
      at = text.indexOf(starts[record]!);
    }
  }

  /**
   * `indexOf(from)`: where `needle` next occurs in the text at or after byte `from` (-1: nowhere), reading the
   * base a chunk at a time (chunks overlap by the needle's length, so no match is cut; none spans the base's
   * end, which is a record's). Positions asked for must not go back.
   */
  private scanner(needle: Buffer): { indexOf(from: number): number } {
    const text = this.text;
    const baseBytes = text.baseBytes;
    const memory = text.memoryAt(baseBytes).buffer.subarray(0, text.inMemory);
    let buffer: Buffer | null = null;
    let chunk: Buffer | null = null;
    let chunkStart = 0;
    let chunkEnd = 0;
    return {
      indexOf: (from: number): number => {
        while (from < baseBytes) {
          if (chunk === null || from < chunkStart || from + needle.length > chunkEnd) {
            chunkStart = from;
            chunkEnd = Math.min(baseBytes, from + SearchText.scanChunkBytes);
            buffer ??= Buffer.allocUnsafe(chunkEnd - chunkStart);
            chunk = text.readFile(chunkStart, chunkEnd, buffer);
          }
          const hit = chunk.indexOf(needle, from - chunkStart);
          if (hit !== -1) return chunkStart + hit;
          from = chunkEnd === baseBytes ? baseBytes : Math.max(from, chunkEnd - needle.length + 1);
        }
        const hit = memory.indexOf(needle, Math.max(0, from - baseBytes));
        return hit === -1 ? -1 : hit + baseBytes;
      },
    };
  }
}

/**
 * A hash index from a string key (eventId, employee key) to a row, without a JS string or Map entry per key:
 * open addressing in one Int32Array (-1 empty), load at most 1/2, and the 32-bit hash of each row's key kept
 * in a column so growing never decodes a key. The keys themselves live in the table (a StringHeap); the index
 * asks `keyEquals(row, key)` to confirm a probe. Rows are only added: a purge builds a new table.
 */
import { NumberColumn } from './number-column';

/** FNV-1a over the UTF-16 code units of `key`: 32 bits, unsigned. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class IdIndex {
  private slots: Int32Array;
  private hashes: NumberColumn<Uint32Array> = new NumberColumn(Uint32Array);

  constructor(
    /** Whether row `row`'s key is `key`. */
    private readonly keyEquals: (row: number, key: string) => boolean,
    capacity = 1024,
  ) {
    this.slots = new Int32Array(IdIndex.slotsFor(capacity)).fill(-1);
  }

  /** An index of rows 0…n-1 over a snapshot's hash column (taken, not copied): no key is hashed again. */
  static fromHashes(hashes: NumberColumn<Uint32Array>, keyEquals: (row: number, key: string) => boolean): IdIndex {
    const index = new IdIndex(keyEquals, hashes.length);
    index.hashes = hashes;
    const view = hashes.view();
    for (let row = 0; row < view.length; row++) index.place(row, view[row]!);
    return index;
  }

  /** How many rows are indexed. */
  get size(): number {
    return this.hashes.length;
  }

  /** Indexes the next row (rows are added in order 0, 1, 2…) under `key`; returns the row. */
  add(key: string): number {
    return this.addHash(hashKey(key));
  }

  /** As `add`, with the key's hash already known (rebuilding from a snapshot's hash column). */
  addHash(hash: number): number {
    const row = this.hashes.push(hash);
    if (this.hashes.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(row, hash);
    return row;
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    const hash = hashKey(key);
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const row = this.slots[s]!;
      if (row === -1) return -1;
      if (this.hashes.get(row) === hash && this.keyEquals(row, key)) return row;
    }
  }

  /** The hash of every row, in row order (a view), for a snapshot. */
  hashBytes(): Uint8Array {
    return this.hashes.bytes();
  }

  private static slotsFor(rows: number): number {
    let n = 1024;
    while (n < rows * 2) n *= 2;
    return n;
  }

  private place(row: number, hash: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== -1) s = (s + 1) & mask;
    this.slots[s] = row;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    const hashes = this.hashes.view();
    for (let row = 0; row < hashes.length; row++) this.place(row, hashes[row]!);
  }
}

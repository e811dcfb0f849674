/**
 * A column of dictionary codes (columns/dictionary.ts) as narrow as its codes allow: 8 bits while they are
 * below 256, then 16, then 32, widened in place of the old array when a code no longer fits. A million rows
 * of a field with a few hundred values (departments, managers per integration) take 1 or 2 MB, not 4.
 */
import { NumberColumn } from './number-column';

/** A code column's array. */
export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** The array type for `bytesPerRow` (1, 2 or 4). */
export const codeArrayOf = (bytesPerRow: number): typeof Uint8Array | typeof Uint16Array | typeof Uint32Array =>
  bytesPerRow === 1 ? Uint8Array : bytesPerRow === 2 ? Uint16Array : Uint32Array;

export class CodeColumn {
  constructor(private column: NumberColumn<CodeArray> = new NumberColumn<CodeArray>(Uint8Array)) {}

  get length(): number {
    return this.column.length;
  }
  get bytesPerRow(): number {
    return this.column.bytesPerRow;
  }
  get(i: number): number | undefined {
    return this.column.get(i);
  }
  /** The filled rows (a view: valid until the next push or widening set). */
  view(): CodeArray {
    return this.column.view();
  }
  /** The filled rows as their bytes (a view), for a snapshot section. */
  bytes(): Uint8Array {
    return this.column.bytes();
  }
  /** Appends `code`; returns its row. */
  push(code: number): number {
    this.fit(code);
    return this.column.push(code);
  }
  /** Sets row `i` (which must exist) to `code`. */
  set(i: number, code: number): void {
    this.fit(code);
    this.column.set(i, code);
  }

  /** Widens the array until `code` fits (room: an eighth more rows). */
  private fit(code: number): void {
    let width = this.column.bytesPerRow;
    if (code < 2 ** (8 * width)) return;
    while (code >= 2 ** (8 * width)) width *= 2;
    this.column = NumberColumn.of<CodeArray>(codeArrayOf(width), this.column.view(), Math.max(1024, this.column.length >>> 3));
  }
}

/**
 * Where a snapshot section's columns come from when a table is built from them (event-table-bytes.ts,
 * employee-section.ts): each column's size and a read of its bytes straight into the table's final storage
 * (with room to grow: no copy of the file stays behind), or, for a text column, its place in the file
 * (file-region.ts). Errors name the section and column ("its events column n.seq has 24 bytes, not 4 rows").
 */
import type { ColumnEntry, ColumnFileReader } from './column-file';
import { CodeColumn, codeArrayOf, type CodeArray } from './code-column';
import type { FileRegion } from './file-region';
import { NumberColumn, type NumberArray } from './number-column';
import { SearchText } from './search-text';
import { StringHeap } from './string-heap';

/** A typed array's constructor, as NumberColumn and viewAs take it. */
export interface ArrayType<T extends NumberArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, offset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A section's columns; see the file's comment. */
export interface ColumnSource {
  /** The section's name, for errors. */
  section: string;
  /** The byte length of column `name`; throws "its <section> column <name> is missing". */
  size(name: string): number;
  /** Writes column `name`'s bytes into `into` (exactly `size(name)` long). */
  read(name: string, into: Uint8Array): void;
  /** Column `name` left in its file, CRC-checked (absent: the columns are in memory, read them). */
  region?(name: string): FileRegion;
}

const missing = (section: string, name: string): Error => new Error(`its ${section} column ${name} is missing`);

/** The columns of a section already in memory (a test, a section read whole) as a ColumnSource. */
export function bytesSource(columns: ReadonlyMap<string, Uint8Array>, section = 'events'): ColumnSource {
  const get = (name: string): Uint8Array => {
    const bytes = columns.get(name);
    if (!bytes) throw missing(section, name);
    return bytes;
  };
  return { section, size: (name) => get(name).byteLength, read: (name, into) => into.set(get(name)) };
}

/** The columns of section `section` of an open column file (read into place, CRC-checked) as a ColumnSource. */
export function fileSource(reader: ColumnFileReader, section: string, columns: ReadonlyMap<string, ColumnEntry>): ColumnSource {
  const get = (name: string): ColumnEntry => {
    const entry = columns.get(name);
    if (!entry) throw missing(section, name);
    return entry;
  };
  return { section, size: (name) => get(name).bytes, read: (name, into) => reader.read(get(name), into), region: (name) => reader.region(get(name)) };
}

/** Column `name` of `source` read into a NumberColumn of `rows` rows (or as many as it holds) with room for `room` more. */
export function readNumbers<T extends NumberArray>(source: ColumnSource, name: string, type: ArrayType<T>, rows: number | null, room: number): NumberColumn<T> {
  const size = source.size(name);
  const held = size / type.BYTES_PER_ELEMENT;
  if (!Number.isInteger(held) || (rows !== null && held !== rows))
    throw new Error(`its ${source.section} column ${name} has ${size} bytes, not ${rows ?? '?'} rows`);
  return NumberColumn.read(type, held, room, (bytes) => source.read(name, bytes));
}

/** A code column of `rows` rows: its width (1, 2 or 4 bytes a row) is its size over its rows. */
export function readCodes(source: ColumnSource, name: string, rows: number, room: number): CodeColumn {
  const width = rows === 0 ? 1 : source.size(name) / rows;
  return new CodeColumn(readNumbers<CodeArray>(source, name, codeArrayOf(width), rows, room));
}

/** Column `name` (UTF-8 text) of `source` read into a buffer with `extra` bytes of room after it. */
function readText(source: ColumnSource, name: string, extra: number): { data: Buffer; used: number } {
  const used = source.size(name);
  const data = Buffer.allocUnsafe(used + extra);
  source.read(name, data.subarray(0, used));
  return { data, used };
}

/** The string heap `<prefix>.data|starts|lengths` of `rows` rows: its text left in the file when the source can. */
export function readHeap(source: ColumnSource, prefix: string, rows: number, room: number): StringHeap {
  const starts = readNumbers(source, `${prefix}.starts`, Uint32Array, rows, room);
  const lengths = readNumbers(source, `${prefix}.lengths`, Uint32Array, rows, room);
  if (source.region) return StringHeap.fromRegion(source.region(`${prefix}.data`), starts, lengths);
  const { data, used } = readText(source, `${prefix}.data`, StringHeap.roomBytes(source.size(`${prefix}.data`), rows, room));
  return StringHeap.fromColumns(data, used, starts, lengths);
}

/** The search text `<prefix>.data|recordStart|recordRow|current` of `rows` rows: its text left in the file when the source can. */
export function readSearchText(source: ColumnSource, prefix: string, rows: number, room: number): SearchText {
  const recordStart = readNumbers(source, `${prefix}.recordStart`, Uint32Array, null, room);
  const recordRow = readNumbers(source, `${prefix}.recordRow`, Uint32Array, null, room);
  const current = readNumbers(source, `${prefix}.current`, Uint32Array, rows, room);
  if (source.region) return SearchText.fromRegion(source.region(`${prefix}.data`), recordStart, recordRow, current);
  const text = readText(source, `${prefix}.data`, StringHeap.roomBytes(source.size(`${prefix}.data`), rows, room));
  return SearchText.fromColumns(text.data, text.used, recordStart, recordRow, current);
}

/**
 * A file of binary columns (the state snapshot, v2): one JSON line describing the sections and their columns
 * (name, byte length, CRC-32), ending with the CRC-32 of the line itself (a flipped digit in the head must not
 * pass for a fact), padded so the bytes after it start 8-byte aligned, then each column's bytes padded to 8.
 * Read back either whole (readColumnFile: views into one buffer) or a column at a time into storage the
 * caller allocates (openColumnFile: start-up fills each table's final arrays): never a line per row. A cut or
 * damaged file is refused with a sentence, never half-read.
 */
import type { FileHandle } from 'node:fs/promises';
import { fstatSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { FileRegion, isSpliced, SharedFile, type ColumnBytes, type FileBacked } from './file-region';

/** One table's part of the file: its own JSON facts and its named columns (in memory, or partly in a file). */
export interface ColumnSection {
  name: string;
  meta: unknown;
  columns: Record<string, ColumnBytes>;
  /** The columns whose owners read them back from the written file instead of keeping them in memory. */
  fileBacked?: FileBacked[];
}

interface Descriptor {
  columnFile: 1;
  head: unknown;
  sections: Array<{ name: string; meta: unknown; columns: Array<[name: string, bytes: number, crc: number]> }>;
}

/** The bytes written per `write` call: each is async (libuv's pool), so the event loop runs between them. */
const WRITE_CHUNK = 4 * 1024 * 1024;
const pad8 = (n: number): number => (8 - (n % 8)) % 8;

/** The CRC-32 of `bytes`, a chunk at a time with the event loop let run between chunks (~1 ms each). */
async function crcInChunks(bytes: Uint8Array): Promise<number> {
  let crc = 0;
  for (let at = 0; at < bytes.byteLength; at += WRITE_CHUNK) {
    crc = crc32(bytes.subarray(at, Math.min(bytes.byteLength, at + WRITE_CHUNK)), crc);
    if (bytes.byteLength > WRITE_CHUNK) await new Promise((resolve) => setImmediate(resolve));
  }
  return crc;
}

/** The descriptor line's JSON with its own CRC-32 as a last field (`"crc":n`): what the reader checks first. */
const withLineCrc = (json: string): string => `${json.slice(0, -1)},"crc":${crc32(json)}}`;
const LINE_CRC = /,"crc":(\d+)\}\s*$/;

/** The CRC-32 of a column's bytes; a spliced column's continues its region's (read from the file's header, not re-read). */
const crcOf = async (bytes: ColumnBytes): Promise<number> => (isSpliced(bytes) ? crc32(bytes.tail, bytes.region.crc) : crcInChunks(bytes));

/** Writes one column's bytes, WRITE_CHUNK at a time (a file region read a chunk at a time, then its tail). */
async function writeBytes(handle: FileHandle, bytes: ColumnBytes): Promise<void> {
  const parts: Uint8Array[] = [];
  if (isSpliced(bytes)) {
    const buffer = Buffer.allocUnsafe(Math.min(WRITE_CHUNK, Math.max(1, bytes.region.bytes)));
    for (let at = 0; at < bytes.region.bytes; at += WRITE_CHUNK)
      await handle.write(bytes.region.read(at, Math.min(WRITE_CHUNK, bytes.region.bytes - at), buffer));
    parts.push(bytes.tail);
  } else parts.push(bytes);
  for (const part of parts)
    for (let at = 0; at < part.byteLength; at += WRITE_CHUNK) await handle.write(part.subarray(at, Math.min(part.byteLength, at + WRITE_CHUNK)));
}

/** Where each written column lies, by section then column name: what a table needs to read its bytes back from the file. */
export type WrittenColumns = Map<string, Map<string, ColumnEntry>>;

/** Writes `head` and `sections` to `handle` (from its current position, which must be 0); never blocks the event loop for long. */
export async function writeColumnFile(handle: FileHandle, head: unknown, sections: readonly ColumnSection[]): Promise<WrittenColumns> {
  const described: Descriptor['sections'] = [];
  for (const s of sections) {
    const columns: Descriptor['sections'][number]['columns'] = [];
    for (const [name, b] of Object.entries(s.columns)) columns.push([name, b.byteLength, await crcOf(b)]);
    described.push({ name: s.name, meta: s.meta, columns });
  }
  const descriptor: Descriptor = { columnFile: 1, head, sections: described };
  const line = withLineCrc(JSON.stringify(descriptor));
  const size = Buffer.byteLength(line) + 1;
  await handle.write(`${line}${' '.repeat(pad8(size))}\n`);
  const zeros = new Uint8Array(8);
  for (const s of sections) {
    for (const bytes of Object.values(s.columns)) {
      await writeBytes(handle, bytes);
      const padding = pad8(bytes.byteLength);
      if (padding > 0) await handle.write(zeros.subarray(0, padding));
    }
  }
  const written = layout(descriptor, size + pad8(size), Number.MAX_SAFE_INTEGER, false);
  return new Map([...written].map(([name, s]) => [name, s.columns]));
}

/** A column file read back: the head and each section's meta and columns (views into `file`). */
export interface ReadColumnFile {
  head: unknown;
  sections: Map<string, { meta: unknown; columns: Map<string, Uint8Array> }>;
}

/** Whether `file` starts like a column file (so a reader can tell it from a v1 JSON Lines snapshot). */
export const isColumnFile = (file: Uint8Array): boolean =>
  Buffer.from(file.buffer, file.byteOffset, Math.min(file.byteLength, 16)).toString('latin1').startsWith('{"columnFile":1');

/** One column's place in a column file. */
export interface ColumnEntry {
  section: string;
  name: string;
  /** Byte offset in the file and byte length. */
  position: number;
  bytes: number;
  crc: number;
}

/** The descriptor of a column file's first line; throws the Error of an unreadable or damaged line. */
function parseDescriptor(line: string): Descriptor {
  let descriptor: Descriptor;
  try {
    descriptor = JSON.parse(line) as Descriptor;
  } catch {
    throw new Error('unreadable content');
  }
  const crc = LINE_CRC.exec(line);
  if (descriptor?.columnFile === 1 && (!crc || crc32(`${line.slice(0, crc.index)}}`) !== Number(crc[1]))) throw new Error('its header line is damaged');
  if (descriptor?.columnFile !== 1 || !Array.isArray(descriptor.sections)) throw new Error('no column file header');
  return descriptor;
}

/** Where each column of `descriptor` lies in a file of `size` bytes whose columns start at `start`; throws when the size disagrees. */
function layout(descriptor: Descriptor, start: number, size: number, exact = true): Map<string, { meta: unknown; columns: Map<string, ColumnEntry> }> {
  let at = start;
  const sections = new Map<string, { meta: unknown; columns: Map<string, ColumnEntry> }>();
  for (const s of descriptor.sections) {
    const columns = new Map<string, ColumnEntry>();
    for (const [name, bytes, crc] of s.columns) {
      if (!Number.isSafeInteger(bytes) || bytes < 0 || at + bytes > size) throw new Error('it is cut short');
      columns.set(name, { section: s.name, name, position: at, bytes, crc });
      at += bytes + pad8(bytes);
    }
    sections.set(s.name, { meta: s.meta, columns });
  }
  if (exact && at !== size) throw new Error(at > size ? 'it is cut short' : 'data after its last column');
  return sections;
}

/** Throws "its column <section>.<name> is damaged" unless `bytes` match the entry's CRC-32. */
function checkColumn(entry: ColumnEntry, bytes: Uint8Array): void {
  if (crc32(bytes) !== entry.crc) throw new Error(`its column ${entry.section}.${entry.name} is damaged`);
}

/** Parses a column file; throws an Error whose message says what is wrong ("it is cut short", "column x is damaged"). */
export function readColumnFile(file: Buffer): ReadColumnFile {
  const newline = file.indexOf(10);
  if (newline === -1) throw new Error('it is cut short');
  const descriptor = parseDescriptor(file.toString('utf8', 0, newline));
  const sections: ReadColumnFile['sections'] = new Map();
  for (const [name, s] of layout(descriptor, newline + 1, file.byteLength)) {
    const columns = new Map<string, Uint8Array>();
    for (const entry of s.columns.values()) {
      const view = new Uint8Array(file.buffer, file.byteOffset + entry.position, entry.bytes);
      checkColumn(entry, view);
      columns.set(entry.name, view);
    }
    sections.set(name, { meta: s.meta, columns });
  }
  return { head: descriptor.head, sections };
}

/**
 * A column file opened to read one column at a time into storage the caller allocates (start-up: each table
 * gets its final arrays, with room to grow, and no buffer of the whole file lingers until a full GC), or to
 * leave a column in the file and read it on demand (`region`).
 */
export interface ColumnFileReader {
  head: unknown;
  sections: Map<string, { meta: unknown; columns: Map<string, ColumnEntry> }>;
  /** Reads `entry` into `into` (exactly `entry.bytes` long) and checks its CRC-32; throws "its column … is damaged". */
  read(entry: ColumnEntry, into: Uint8Array): void;
  /** `entry` left in the file, its CRC-32 checked by reading it through once; throws "its column … is damaged". */
  region(entry: ColumnEntry): FileRegion;
  /** The open file (its regions' file). */
  file: SharedFile;
  /** Done reading: the file stays open while a region of it is in use. */
  close(): void;
  /** Done, and nothing read from it is kept (a load that failed): closes the file. */
  discard(): void;
}

/** The bytes a region's reads need: a chunk at a time, to check its CRC-32 without holding it. */
const CHECK_CHUNK = 1024 * 1024;

/**
 * Opens the column file at `path` (synchronous reads: this is start-up, before anything is served), checks its
 * descriptor and that its size matches it. Throws an Error saying what is wrong, as readColumnFile does.
 */
export function openColumnFile(path: string): ColumnFileReader {
  const file = new SharedFile(path);
  file.retain();
  try {
    const fd = file.fd;
    const size = fstatSync(fd).size;
    let head = Buffer.alloc(0);
    let newline = -1;
    while (newline === -1 && head.length < size) {
      const chunk = Buffer.allocUnsafe(Math.min(size - head.length, Math.max(64 * 1024, head.length)));
      const n = readSync(fd, chunk, 0, chunk.length, head.length);
      if (n === 0) break;
      head = Buffer.concat([head, chunk.subarray(0, n)]);
      newline = head.indexOf(10);
    }
    if (newline === -1) throw new Error('it is cut short');
    const descriptor = parseDescriptor(head.toString('utf8', 0, newline));
    const sections = layout(descriptor, newline + 1, size);
    const read = (entry: ColumnEntry, into: Uint8Array): void => {
      for (let done = 0; done < entry.bytes;) {
        const n = readSync(fd, into, done, entry.bytes - done, entry.position + done);
        if (n === 0) throw new Error('it is cut short');
        done += n;
      }
      checkColumn(entry, into);
    };
    const region = (entry: ColumnEntry): FileRegion => {
      const r = new FileRegion(file, entry.position, entry.bytes, entry.crc);
      let crc = 0;
      r.forEachChunk(CHECK_CHUNK, (chunk) => (crc = crc32(chunk, crc)));
      if (crc !== entry.crc) {
        r.release();
        throw new Error(`its column ${entry.section}.${entry.name} is damaged`);
      }
      return r;
    };
    return { head: descriptor.head, sections, read, region, file, close: () => file.release(), discard: () => file.close() };
  } catch (error) {
    file.release();
    throw error;
  }
}

/**
 * A file of binary columns (the state snapshot, v2): one JSON line describing the sections and their columns
 * (name, byte length, CRC-32), ending with the CRC-32 of the line itself (a flipped digit in the head must not
 * pass for a fact), padded so the bytes after it start 8-byte aligned, then each column's bytes
 * padded to 8. Read back as views into the one buffer the file was read into: start-up wraps the columns
 * instead of parsing a line per row. A cut or damaged file is refused with a sentence, never half-read.
 */
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** One table's part of the file: its own JSON facts and its named columns. */
export interface ColumnSection {
  name: string;
  meta: unknown;
  columns: Record<string, Uint8Array>;
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

/** Writes `head` and `sections` to `handle` (from its current position, which must be 0); never blocks the event loop for long. */
export async function writeColumnFile(handle: FileHandle, head: unknown, sections: readonly ColumnSection[]): Promise<void> {
  const described: Descriptor['sections'] = [];
  for (const s of sections) {
    const columns: Descriptor['sections'][number]['columns'] = [];
    for (const [name, b] of Object.entries(s.columns)) columns.push([name, b.byteLength, await crcInChunks(b)]);
    described.push({ name: s.name, meta: s.meta, columns });
  }
  const descriptor: Descriptor = { columnFile: 1, head, sections: described };
  const line = withLineCrc(JSON.stringify(descriptor));
  const size = Buffer.byteLength(line) + 1;
  await handle.write(`${line}${' '.repeat(pad8(size))}\n`);
  const zeros = new Uint8Array(8);
  for (const s of sections) {
    for (const bytes of Object.values(s.columns)) {
      for (let at = 0; at < bytes.byteLength; at += WRITE_CHUNK) await handle.write(bytes.subarray(at, Math.min(bytes.byteLength, at + WRITE_CHUNK)));
      const padding = pad8(bytes.byteLength);
      if (padding > 0) await handle.write(zeros.subarray(0, padding));
    }
  }
}

/** A column file read back: the head and each section's meta and columns (views into `file`). */
export interface ReadColumnFile {
  head: unknown;
  sections: Map<string, { meta: unknown; columns: Map<string, Uint8Array> }>;
}

/** Whether `file` starts like a column file (so a reader can tell it from a v1 JSON Lines snapshot). */
export const isColumnFile = (file: Uint8Array): boolean =>
  Buffer.from(file.buffer, file.byteOffset, Math.min(file.byteLength, 16)).toString('latin1').startsWith('{"columnFile":1');

/** Parses a column file; throws an Error whose message says what is wrong ("it is cut short", "column x is damaged"). */
export function readColumnFile(file: Buffer): ReadColumnFile {
  const newline = file.indexOf(10);
  if (newline === -1) throw new Error('it is cut short');
  let descriptor: Descriptor;
  const line = file.toString('utf8', 0, newline);
  try {
    descriptor = JSON.parse(line) as Descriptor;
  } catch {
    throw new Error('unreadable content');
  }
  const crc = LINE_CRC.exec(line);
  if (descriptor?.columnFile === 1 && (!crc || crc32(`${line.slice(0, crc.index)}}`) !== Number(crc[1]))) throw new Error('its header line is damaged');
  if (descriptor?.columnFile !== 1 || !Array.isArray(descriptor.sections)) throw new Error('no column file header');
  let at = newline + 1;
  const sections: ReadColumnFile['sections'] = new Map();
  for (const s of descriptor.sections) {
    const columns = new Map<string, Uint8Array>();
    for (const [name, bytes, crc] of s.columns) {
      if (!Number.isSafeInteger(bytes) || bytes < 0 || at + bytes > file.byteLength) throw new Error('it is cut short');
      const view = new Uint8Array(file.buffer, file.byteOffset + at, bytes);
      if (crc32(view) !== crc) throw new Error(`its column ${s.name}.${name} is damaged`);
      columns.set(name, view);
      at += bytes + pad8(bytes);
    }
    sections.set(s.name, { meta: s.meta, columns });
  }
  if (at !== file.byteLength) throw new Error(at > file.byteLength ? 'it is cut short' : 'data after its last column');
  return { head: descriptor.head, sections };
}

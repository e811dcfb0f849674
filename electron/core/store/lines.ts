/**
 * Reads a file as newline-separated lines with their byte offsets, in bounded chunks (memory does not grow
 * with the file). scanLines reads the journal (up to its last non-zero byte: journal-space.ts), scanTextLines
 * the snapshot.
 */
import { open } from 'node:fs/promises';
import { contentEnd } from './journal-space';

const CHUNK = 4 * 1024 * 1024;

export interface ScanResult {
  /** Offset just after the last complete line (its newline). */
  end: number;
  /** Bytes after the last newline (a torn last line), or null. */
  tail: Buffer | null;
}

/**
 * Calls `onLine(line, offset)` for every complete line from byte `start` (a line start) to the end of the
 * file's content, its trailing NUL bytes (preallocated space) excluded; `onLine` may return a promise
 * (awaited). Lines are Buffers without the newline. With `reuse`, every chunk is read into one buffer, so a
 * line is valid only until `onLine` returns or its promise settles (a scan that copies what it keeps: memory
 * stays one chunk however long the file, with no buffer per chunk left for the GC); without it, a line stays
 * valid for as long as it is held.
 */
export async function scanLines(
  path: string,
  start: number,
  onLine: (line: Buffer, offset: number) => void | Promise<void>,
  { reuse = false } = {},
): Promise<ScanResult> {
  const handle = await open(path, 'r');
  try {
    const size = await contentEnd(handle, (await handle.stat()).size);
    let position = start;
    let buffer = Buffer.alloc(0);
    // the unfinished line of the last chunk: `carried` bytes at `carryStart` in `buffer`, at file offset `carryOffset`
    let carryStart = 0;
    let carried = 0;
    let carryOffset = start;
    while (position < size) {
      if (reuse && carried < buffer.length) {
        buffer.copy(buffer, 0, carryStart, carryStart + carried);
      } else {
        // a new buffer for the next chunk (reused: only while a line is longer than the buffer, then twice as big)
        const next = Buffer.allocUnsafe(carried + Math.min(reuse ? Math.max(CHUNK, carried) : CHUNK, size - position));
        buffer.copy(next, 0, carryStart, carryStart + carried);
        buffer = next;
      }
      carryStart = 0;
      const { bytesRead } = await handle.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = buffer.subarray(0, carried + bytesRead);
      let lineStart = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
        const pending = onLine(data.subarray(lineStart, nl), carryOffset + lineStart);
        if (pending) await pending;
        lineStart = nl + 1;
      }
      carryStart = lineStart;
      carried = data.length - lineStart;
      carryOffset += lineStart;
    }
    return { end: carryOffset, tail: carried > 0 ? Buffer.from(buffer.subarray(carryStart, carryStart + carried)) : null };
  } finally {
    await handle.close();
  }
}

/**
 * Like scanLines, but hands each complete line over as a string, reading the file into one reused buffer
 * (no Buffer object per line, no allocation per chunk): cheaper for files of many short lines (the snapshot).
 */
export async function scanTextLines(path: string, onLine: (line: string) => void): Promise<ScanResult> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    // one buffer for the whole file: the unfinished line of a chunk moves to its start, the next read follows
    let buffer = Buffer.allocUnsafe(Math.min(CHUNK, size));
    let position = 0;
    let carried = 0;
    while (position < size) {
      if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(CHUNK)]); // a line longer than the buffer
      const { bytesRead } = await handle.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const filled = carried + bytesRead;
      const last = buffer.lastIndexOf(10, filled - 1);
      if (last === -1) {
        carried = filled;
        continue;
      }
      // a string per line, decoded straight from the buffer: most lines are ASCII, hence compact one-byte
      // strings that JSON.parse reads fastest (decoding the whole chunk at once would make it all two-byte)
      let start = 0;
      for (let nl = buffer.indexOf(10, start); nl !== -1 && nl <= last; nl = buffer.indexOf(10, start)) {
        onLine(buffer.toString('utf8', start, nl));
        start = nl + 1;
      }
      carried = filled - last - 1;
      buffer.copy(buffer, 0, last + 1, filled);
    }
    return { end: position - carried, tail: carried > 0 ? Buffer.from(buffer.subarray(0, carried)) : null };
  } finally {
    await handle.close();
  }
}

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
 * (awaited). Lines are Buffers without the newline.
 */
export async function scanLines(path: string, start: number, onLine: (line: Buffer, offset: number) => void | Promise<void>): Promise<ScanResult> {
  const handle = await open(path, 'r');
  try {
    const size = await contentEnd(handle, (await handle.stat()).size);
    let position = start;
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = start;
    while (position < size) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      let lineStart = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
        const pending = onLine(data.subarray(lineStart, nl), carryOffset + lineStart);
        if (pending) await pending;
        lineStart = nl + 1;
      }
      carry = Buffer.from(data.subarray(lineStart));
      carryOffset += lineStart;
    }
    return { end: carryOffset, tail: carry.length > 0 ? carry : null };
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

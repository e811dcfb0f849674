/**
 * Column bytes that stay in a file (the state snapshot) and are read on demand, so that a table's text
 * (eventIds, names, emails, search texts: most of its bytes) does not sit in the process's memory: the page
 * cache holds what is read often, and it is not the process's to keep. A SharedFile is one open file, closed
 * once no region uses it (released) or, as a backstop, once it is garbage collected; a read of a closed file
 * throws instead of reading whatever file later got its descriptor number.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const closer = new FinalizationRegistry<{ fd: number; open: boolean }>((handle) => {
  if (handle.open) closeSync(handle.fd);
});

/** One open file shared by the regions in it; see the file's comment. */
export class SharedFile {
  private readonly handle: { fd: number; open: boolean };
  private users = 0;
  /** Its size and modification time when opened (a rename changes neither; a write in place does). */
  private readonly opened: { size: number; mtimeMs: number };

  /** Opens `path` for reading. @throws the open's Error (ENOENT, EACCES). */
  constructor(readonly path: string) {
    const fd = openSync(path, 'r');
    this.handle = { fd, open: true };
    const { size, mtimeMs } = fstatSync(fd);
    this.opened = { size, mtimeMs };
    closer.register(this, this.handle, this);
  }

  /**
   * Whether its size or modification time changed since it was opened (false once closed): another program
   * wrote it in place, and its bytes are no longer those the tables index. One fstat (~1 us).
   */
  changed(): boolean {
    if (!this.handle.open) return false;
    const { size, mtimeMs } = fstatSync(this.handle.fd);
    return size !== this.opened.size || mtimeMs !== this.opened.mtimeMs;
  }

  get fd(): number {
    if (!this.handle.open) throw new Error(`${this.path} was closed while its columns were still read`);
    return this.handle.fd;
  }

  retain(): void {
    this.users++;
  }

  /** One user fewer; the last one closes the file. */
  release(): void {
    if (--this.users <= 0) this.close();
  }

  close(): void {
    if (!this.handle.open) return;
    this.handle.open = false;
    closer.unregister(this);
    closeSync(this.handle.fd);
  }
}

/** `bytes` bytes at `position` of a SharedFile, whose CRC-32 is `crc` (zlib.crc32). */
export class FileRegion {
  constructor(
    readonly file: SharedFile,
    readonly position: number,
    readonly bytes: number,
    readonly crc: number,
  ) {
    file.retain();
  }

  /**
   * Reads `length` bytes from `offset` of the region into `into` (at 0; a new buffer when absent).
   * @throws Error when the file is shorter than the region (cut while in use) or closed.
   */
  read(offset: number, length: number, into: Buffer = Buffer.allocUnsafe(length)): Buffer {
    if (offset < 0 || offset + length > this.bytes) throw new RangeError(`bytes ${offset}..${offset + length} of a ${this.bytes}-byte region`);
    for (let done = 0; done < length;) {
      const n = readSync(this.file.fd, into, done, length - done, this.position + offset + done);
      if (n === 0) throw new Error(`${this.file.path} is shorter than it was when loaded (cut while in use)`);
      done += n;
    }
    return into.subarray(0, length);
  }

  /** Calls `fn` with the region's bytes in order, `chunkBytes` at a time (one buffer, reused: copy what you keep). */
  forEachChunk(chunkBytes: number, fn: (chunk: Buffer, offset: number) => void): void {
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(1, this.bytes)));
    for (let at = 0; at < this.bytes; at += buffer.length) fn(this.read(at, Math.min(buffer.length, this.bytes - at), buffer), at);
  }

  /** No longer used by its owner (the file closes with its last region). */
  release(): void {
    this.file.release();
  }
}

/**
 * A column's bytes when a prefix of them lies in a file: `region` then `tail` (in memory). What a table hands
 * the snapshot writer for a column it keeps in the previous snapshot; its CRC-32 continues the region's.
 */
export interface SplicedBytes {
  region: FileRegion;
  tail: Uint8Array;
  byteLength: number;
}

/** A column's bytes as the snapshot writer takes them: in memory, or a file region and a tail. */
export type ColumnBytes = Uint8Array | SplicedBytes;

export const isSpliced = (bytes: ColumnBytes): bytes is SplicedBytes => !(bytes instanceof Uint8Array);

/**
 * `tail` alone, or after `base`: a region of its own over the same bytes, so that the file stays open until
 * the column is written even if its owner lets go of `base` meanwhile (releaseSpliced, once written).
 */
export const spliced = (base: FileRegion | null, tail: Uint8Array): ColumnBytes =>
  base ? { region: new FileRegion(base.file, base.position, base.bytes, base.crc), tail, byteLength: base.bytes + tail.byteLength } : tail;

/** Lets go of the file regions of a written capture's spliced columns. */
export function releaseSpliced(columns: Iterable<ColumnBytes>): void {
  for (const bytes of columns) if (isSpliced(bytes)) bytes.region.release();
}

/**
 * A column that can leave the bytes it captured for a snapshot in that snapshot's file: once the file is
 * written, `rebase` hands it `region` (the column's first `region.bytes` bytes there) and it frees its own
 * copy. `epoch` is the column's layout when captured: a column compacted since then ignores the region.
 */
export interface Rebasable {
  rebase(region: FileRegion, epoch: number): void;
}

/** A column of a captured section that its owner can take back from the written file. */
export interface FileBacked {
  column: string;
  owner: Rebasable;
  epoch: number;
}

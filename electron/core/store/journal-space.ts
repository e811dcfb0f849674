/**
 * Preallocated space at the journal's end. While a store is open for writing, the bytes past the last line
 * are zeros written ahead of time (JOURNAL_CHUNK_BYTES at a time, in the background), so that a batch of
 * lines overwrites blocks the file already has: its durable write then flushes data only, with no ext4
 * journal commit for a new file size or new blocks (figures: README "Performance"). Trailing NUL bytes
 * are therefore never content: readers stop at the last non-zero byte (a JSON line never contains a raw
 * NUL: journal-format.ts escapes control characters), recovery truncates them away, and a clean close
 * truncates the file to its last line, so a closed journal is plain JSON Lines again.
 */
import { open, statfs, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../log';

/** The zeros written ahead per extension (bytes): about 5,000 events of Knit's size. */
export const JOURNAL_CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * An extension takes at most this share of the disk's free space, and none is made below MIN_CHUNK_BYTES:
 * padding must never be what fills a disk (the settings, the lock file and the snapshot need room too). A new
 * extension starts when less than half of the last one is left, so the zeros ahead stay under 1.5 x this share.
 */
const FREE_SPACE_SHARE = 1 / 16;
const MIN_CHUNK_BYTES = 1024 * 1024;
/** A skipped or failed extension (a full disk) is not tried again sooner than this (ms): writes then append as usual. */
const RETRY_AFTER_FAILURE_MS = 10_000;
const ZEROS = Buffer.alloc(1024 * 1024);

/** The bytes an unprivileged writer may still use on the disk of `dir` (statfs: available blocks x block size). */
async function diskFreeBytes(dir: string): Promise<number> {
  const { bavail, bsize } = await statfs(dir);
  return bavail * bsize;
}

/**
 * The end of `handle`'s first `size` bytes without their trailing NUL bytes (reads backwards from the end,
 * 64 KB at a time: the padding is at most a chunk, so this reads at most a few MB).
 */
export async function contentEnd(handle: FileHandle, size: number): Promise<number> {
  const block = Buffer.allocUnsafe(64 * 1024);
  let end = size;
  while (end > 0) {
    const from = Math.max(0, end - block.length);
    const { bytesRead } = await handle.read(block, 0, end - from, from);
    for (let i = bytesRead - 1; i >= 0; i--) if (block[i] !== 0) return from + i + 1;
    end = from;
  }
  return 0;
}

/** The size of the journal at `path` and where its content ends (contentEnd), in bytes. */
export async function journalExtent(path: string): Promise<{ size: number; end: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return { size, end: await contentEnd(handle, size) };
  } finally {
    await handle.close();
  }
}

/**
 * Keeps zeros written ahead of a journal's end, through a handle of its own (opened without O_DSYNC: the
 * zeros are made durable with one fdatasync per chunk). `allocated` is how far the file is known to hold
 * written bytes (lines or zeros). Lines written below it overwrite; a batch that does not fit waits for a
 * running extension, else extends the file itself (appends, as without preallocation). Never throws: a
 * failed extension (ENOSPC, EIO) is logged, undone (truncated) and retried after RETRY_AFTER_FAILURE_MS.
 */
export class JournalSpace {
  private extending: Promise<void> | null = null;
  private failedAt = 0;
  /** The size of the last extension (bytes): the next starts when less than half of it is left ahead. */
  private lastChunk: number;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private allocated: number,
    private readonly log: Logger,
    private readonly chunkBytes: number,
    private readonly freeBytes: (dir: string) => Promise<number>,
  ) {
    this.lastChunk = chunkBytes;
  }

  /**
   * Opens the space of the journal at `path`, whose file is `size` bytes long. `freeBytes` tells the bytes
   * free for an unprivileged writer on the disk of a folder (default: statfs; tests pass their own).
   */
  static async open(
    path: string,
    size: number,
    log: Logger,
    chunkBytes = JOURNAL_CHUNK_BYTES,
    freeBytes: (dir: string) => Promise<number> = diskFreeBytes,
  ): Promise<JournalSpace> {
    return new JournalSpace(path, await open(path, 'r+'), size, log, chunkBytes, freeBytes);
  }

  /** Starts an extension in the background when less than half the last extension is left past `size` (bytes). */
  ensureAhead(size: number): void {
    if (this.extending || this.allocated - size >= this.lastChunk / 2) return;
    if (this.failedAt !== 0 && Date.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) return;
    this.extending = this.extend().finally(() => {
      this.extending = null;
    });
  }

  /** Resolves when writing up to `end` cannot overlap a running extension (waits for it when `end` is past the space). */
  async ready(end: number): Promise<void> {
    if (end > this.allocated && this.extending) await this.extending;
  }

  /** Records that the file holds written bytes up to `end` (after a write past the preallocated space). */
  written(end: number): void {
    if (end > this.allocated) this.allocated = end;
  }

  /** The file was truncated to `size` (a failed write undone, a rewrite): the space past it is gone. */
  truncated(size: number): void {
    this.allocated = size;
  }

  /** Waits for a running extension (before the file is truncated or rewritten). */
  async settle(): Promise<void> {
    await this.extending;
  }

  /** Waits for a running extension and closes the handle. */
  async close(): Promise<void> {
    await this.extending;
    await this.handle.close();
  }

  /**
   * Writes a chunk of zeros past `allocated` (JOURNAL_CHUNK_BYTES, or less on a disk short of space), makes
   * it durable, then hands it out.
   */
  private async extend(): Promise<void> {
    const start = this.allocated;
    try {
      const free = await this.freeBytes(dirname(this.path));
      const bytes = Math.min(this.chunkBytes, Math.floor((free * FREE_SPACE_SHARE) / 65_536) * 65_536);
      if (bytes < Math.min(MIN_CHUNK_BYTES, this.chunkBytes)) {
        this.failedAt = Date.now();
        return;
      }
      this.lastChunk = bytes;
      const end = start + bytes;
      for (let at = start; at < end;) {
        const { bytesWritten } = await this.handle.write(ZEROS, 0, Math.min(ZEROS.length, end - at), at);
        if (bytesWritten === 0) throw new Error('no byte written');
        at += bytesWritten;
      }
      await this.handle.datasync();
      this.allocated = end;
      this.failedAt = 0;
    } catch (error) {
      this.failedAt = Date.now();
      this.log.debug(`journal space not preallocated: ${(error as Error).message}`);
      await this.handle.truncate(start).catch(() => {});
    }
  }
}

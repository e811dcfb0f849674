/**
 * The journal file of an open JournalStore: its handles, its header's identity and its durable end, shared by
 * the group commit, recovery and the snapshot scheduler (ARCHITECTURE.md "Store").
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log';
import { dataFiles } from './data-dir';
import { decodeLine, parseHeader, type JournalEventLine } from './journal-format';
import type { JournalChecksums } from './journal-checksums';
import { JournalSpace } from './journal-space';

export class JournalFile {
  readonly files;
  handle: FileHandle | null = null;
  /** The zeros ahead of the journal's end (null when read-only). */
  space: JournalSpace | null = null;
  /** The journal handle has O_DSYNC: a write returns once its data is durable (else fdatasync follows it). */
  syncedWrites = false;
  journalId = '';
  /** The journal this one was rewritten from (its header's `rewrittenFrom`), or null. */
  previousJournalId: string | null = null;
  /** Length of the journal's header line (with its newline): where events start. */
  headerBytes = 0;
  /** The journal's durable and applied end (byte offset): the state holds every line before it. */
  size = 0;
  /** The checksums of the journal's bytes up to `size` (journal-checksums.ts); null when read-only without a journal. */
  checksums: JournalChecksums | null = null;
  /** A failed write left bytes past `size`: cut them before the next write. */
  needsTruncate = false;

  constructor(
    readonly dataDir: string,
    private readonly log: Logger,
    private readonly chunkBytes?: number,
  ) {
    this.files = dataFiles(dataDir);
  }

  /** The journal's path. */
  get path(): string {
    return this.files.journal;
  }

  /** Reads the journal's header line into journalId/headerBytes; false when it is not valid. */
  async readHeader(): Promise<boolean> {
    const handle = await open(this.files.journal, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const nl = buffer.subarray(0, bytesRead).indexOf(10);
      const header = nl === -1 ? null : parseHeader(buffer.subarray(0, nl));
      if (!header) return false;
      this.journalId = header.journalId;
      this.previousJournalId = header.rewrittenFrom ?? null;
      this.headerBytes = nl + 1;
      return true;
    } finally {
      await handle.close();
    }
  }

  /**
   * Opens the journal for writing: with O_DSYNC where the platform has it (one durable write per batch
   * instead of a write and an fdatasync, each a round trip through libuv's thread pool), and its space
   * ahead preallocated in the background.
   */
  async openForWriting(): Promise<void> {
    const dsync = (constants as { O_DSYNC?: number }).O_DSYNC;
    this.handle = await open(this.files.journal, dsync === undefined ? 'r+' : constants.O_RDWR | dsync);
    this.syncedWrites = dsync !== undefined;
    this.space = await JournalSpace.open(this.files.journal, this.size, this.log, this.chunkBytes);
    this.space.ensureAhead(this.size);
  }

  /** Opens the journal for reading only (read-only store); no handle when it cannot be opened. */
  async openForReading(): Promise<void> {
    this.handle = await open(this.files.journal, 'r').catch(() => null);
  }

  /** Closes the journal handles; the preallocated zeros past the last line are truncated away. */
  async close(): Promise<void> {
    const { handle, space } = this;
    this.handle = null;
    this.space = null;
    if (space) {
      await space.close();
      await handle?.truncate(this.size).catch((e) => this.log.warn(`journal padding not removed: ${(e as Error).message}`));
    }
    await handle?.close();
  }

  /** Re-reads the header and size after the journal was replaced (rewriteJournal), reopening it for writing when it was. */
  async reopen(forWriting: boolean): Promise<void> {
    await this.readHeader();
    this.size = (await stat(this.files.journal)).size;
    if (forWriting) await this.openForWriting();
  }

  /**
   * Writes `data` at the durable end, durably (O_DSYNC, else a write and an fdatasync: openForWriting);
   * `size` is not moved (the caller moves it once the batch is applied).
   * @throws the write's error (ENOSPC, EIO); the caller truncates.
   */
  async writeAtEnd(data: Buffer): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error('the journal is not open');
    if (this.needsTruncate) await this.truncate();
    await this.space?.ready(this.size + data.length);
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written, this.size + written);
      if (bytesWritten === 0) throw new Error('no byte written');
      written += bytesWritten;
    }
    if (!this.syncedWrites) await handle.datasync();
  }

  /** Cuts the journal back to its durable end after a failed write (the preallocated space goes with it). */
  async truncate(): Promise<void> {
    await this.space?.settle();
    await this.handle?.truncate(this.size);
    this.space?.truncated(this.size);
    this.needsTruncate = false;
  }

  /** Reads an event's journal line back (body bytes exact); null when it cannot be read. */
  async readEvent(meta: { offset: number; length: number }): Promise<{ line: JournalEventLine; raw: Buffer } | null> {
    if (!this.handle) return null;
    const buffer = Buffer.allocUnsafe(meta.length);
    try {
      const { bytesRead } = await this.handle.read(buffer, 0, meta.length, meta.offset);
      const decoded = decodeLine(buffer.subarray(0, bytesRead));
      return decoded?.kind === 'event' ? { line: decoded.line, raw: decoded.raw } : null;
    } catch {
      return null;
    }
  }
}

/** fsyncs a file or directory; ignored where the platform cannot (directories on Windows). */
export async function fsyncPath(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Checksums of the journal's bytes, so that damage under the snapshot is noticed without parsing what the
 * snapshot already covers (issue 14, break 2). The store keeps a CRC-32 (zlib's, ISO 3309) per chunk of
 * CHECKSUM_CHUNK_BYTES of the journal after its header line, fed with every line as it is written or replayed;
 * each snapshot records the checksums of the bytes it covers. After a start the covered bytes are read once in
 * the background, chunk by chunk, and compared (verifyChecksums): start-up itself reads only the tail.
 */
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** Bytes of the journal per checksum: about 500 events of Knit's size; 2,000 numbers in a snapshot per 2 GB. */
export const CHECKSUM_CHUNK_BYTES = 1024 * 1024;

/** What a snapshot records: the CRC-32 of each chunk of [from, journalPosition), the last one possibly partial. */
export interface JournalChecksumRecord {
  chunkBytes: number;
  /** Where the first chunk starts: the end of the journal's header line (bytes). */
  from: number;
  crc: number[];
}

/** The running checksums of a journal's bytes from `from` up to `end`. */
export class JournalChecksums {
  private readonly done: number[] = [];
  private partial = 0;
  private partialBytes = 0;

  constructor(
    readonly from: number,
    readonly chunkBytes = CHECKSUM_CHUNK_BYTES,
  ) {}

  /**
   * Continues from a snapshot's record covering [record.from, position); null when the record does not fit
   * (another chunk size or header length, a wrong count): the caller then reads the covered bytes again.
   */
  static resume(record: JournalChecksumRecord | undefined, from: number, position: number): JournalChecksums | null {
    if (!record || record.from !== from || !(record.chunkBytes > 0) || !Array.isArray(record.crc)) return null;
    const covered = position - from;
    if (covered < 0 || record.crc.length !== Math.ceil(covered / record.chunkBytes)) return null;
    const sums = new JournalChecksums(from, record.chunkBytes);
    const partialBytes = covered % record.chunkBytes;
    sums.done.push(...record.crc.slice(0, partialBytes > 0 ? -1 : undefined));
    if (partialBytes > 0) {
      sums.partial = record.crc[record.crc.length - 1] as number;
      sums.partialBytes = partialBytes;
    }
    return sums;
  }

  /** The offset the checksums have reached (bytes). */
  get end(): number {
    return this.from + this.done.length * this.chunkBytes + this.partialBytes;
  }

  /** Adds the bytes that follow `end` in the journal. */
  feed(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(this.chunkBytes - this.partialBytes, bytes.length - at);
      this.partial = crc32(bytes.subarray(at, at + take), this.partial);
      this.partialBytes += take;
      at += take;
      if (this.partialBytes === this.chunkBytes) {
        this.done.push(this.partial);
        this.partial = 0;
        this.partialBytes = 0;
      }
    }
  }

  /** The record of [from, end) for a snapshot (a copy). */
  record(): JournalChecksumRecord {
    return { chunkBytes: this.chunkBytes, from: this.from, crc: this.partialBytes > 0 ? [...this.done, this.partial] : [...this.done] };
  }
}

/** A range of the journal whose bytes no longer match their checksum: [start, end) in bytes. */
export interface ChecksumMismatch {
  start: number;
  end: number;
}

/**
 * Reads [record.from, position) of the journal at `path` chunk by chunk (one event-loop turn between chunks)
 * and returns the chunks whose CRC-32 differs from the record; stops early, returning null, when `cancelled()`
 * says so (the journal was rewritten, the store closed).
 */
export async function verifyChecksums(
  path: string,
  record: JournalChecksumRecord,
  position: number,
  cancelled: () => boolean = () => false,
): Promise<ChecksumMismatch[] | null> {
  const mismatches: ChecksumMismatch[] = [];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(record.chunkBytes);
    for (let i = 0; i < record.crc.length; i++) {
      if (cancelled()) return null;
      const start = record.from + i * record.chunkBytes;
      const length = Math.min(record.chunkBytes, position - start);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      if (bytesRead !== length || crc32(buffer.subarray(0, length)) !== record.crc[i]) mismatches.push({ start, end: start + length });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await handle.close();
  }
  return mismatches;
}

/** The checksums of [from, to) of the journal at `path`, read in chunks (a snapshot written before checksums existed). */
export async function checksumRange(path: string, from: number, to: number): Promise<JournalChecksums> {
  const sums = new JournalChecksums(from);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * CHECKSUM_CHUNK_BYTES);
    for (let at = from; at < to;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - at), at);
      if (bytesRead === 0) break;
      sums.feed(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return sums;
}

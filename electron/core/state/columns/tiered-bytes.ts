/**
 * One byte address space [0, used) whose prefix [0, baseBytes) may lie in the last snapshot's file (`base`:
 * file-region.ts) and the rest in a growable buffer: the storage of a StringHeap and of a SearchText. Bytes
 * are appended at the end; those of the file are never rewritten. After a snapshot is written, `rebase`
 * hands over the bytes now in the new file and frees their copy.
 */
import { spliced, type ColumnBytes, type FileRegion } from './file-region';

export class TieredBytes {
  /** The bytes from `baseBytes` on, the first at index 0. */
  private memory: Buffer;
  private base: FileRegion | null = null;
  /** Where the memory's bytes start in the address space (the base's length). */
  baseBytes = 0;
  used: number;

  /** The address space of `memory`'s first `used` bytes (the rest of it room). */
  constructor(memory: Buffer = Buffer.allocUnsafe(64 * 1024), used = 0) {
    this.memory = memory;
    this.used = used;
  }

  /** The address space of `region`'s bytes, with room in memory for more. */
  static inFile(region: FileRegion): TieredBytes {
    const bytes = new TieredBytes(Buffer.allocUnsafe(64 * 1024), region.bytes);
    bytes.base = region;
    bytes.baseBytes = region.bytes;
    return bytes;
  }

  /** Whether a prefix lies in a file. */
  get inFile(): boolean {
    return this.base !== null;
  }

  /** The bytes held in memory. */
  get inMemory(): number {
    return this.used - this.baseBytes;
  }

  /** The memory buffer and the index of address `at` in it (at >= baseBytes); valid until the next append. */
  memoryAt(at: number): { buffer: Buffer; index: number } {
    return { buffer: this.memory, index: at - this.baseBytes };
  }

  /** `n` bytes from `start` (never across the base's end); a file's are read into `scratch` when it is long enough. */
  read(start: number, n: number, scratch?: Buffer): Buffer {
    if (start >= this.baseBytes) return this.memory.subarray(start - this.baseBytes, start - this.baseBytes + n);
    return this.base!.read(start, n, scratch !== undefined && scratch.length >= n ? scratch : undefined);
  }

  /** The file's bytes [start, end) (end <= baseBytes) into `into`, or a new buffer. */
  readFile(start: number, end: number, into?: Buffer): Buffer {
    return this.base!.read(start, end - start, into);
  }

  /** Appends `text` (UTF-8) and, when given, one more byte; returns the address it starts at. */
  append(text: string, then?: number): number {
    const max = text.length * 3 + 1;
    const held = this.used - this.baseBytes;
    if (held + max > this.memory.length) {
      const next = Buffer.allocUnsafe(Math.max(this.memory.length * 2, held + max));
      this.memory.copy(next, 0, 0, held);
      this.memory = next;
    }
    const start = this.used;
    let written = this.memory.write(text, held, 'utf8');
    if (then !== undefined) this.memory[held + written++] = then;
    this.used += written;
    return start;
  }

  /** Every byte in one new buffer (a file's prefix read whole). */
  all(): Buffer {
    const all = Buffer.allocUnsafe(this.used);
    if (this.base) this.base.read(0, this.baseBytes, all);
    this.memory.copy(all, this.baseBytes, 0, this.used - this.baseBytes);
    return all;
  }

  /** The bytes as a snapshot column: a view, or the file's region (held until written) and a view of the rest. */
  column(): ColumnBytes {
    return spliced(this.base, this.memory.subarray(0, this.used - this.baseBytes));
  }

  /**
   * Takes `region` (the first `region.bytes` bytes, now in a written snapshot) as the base and frees their
   * copy; false (and the region let go) when it is no prefix of these bytes or shorter than the base.
   */
  rebase(region: FileRegion): boolean {
    if (region.bytes < this.baseBytes || region.bytes > this.used) {
      region.release();
      return false;
    }
    const rest = this.used - region.bytes;
    const memory = Buffer.allocUnsafe(Math.max(64 * 1024, Math.ceil(rest * 1.25)));
    this.memory.copy(memory, 0, region.bytes - this.baseBytes, this.used - this.baseBytes);
    this.base?.release();
    this.memory = memory;
    this.base = region;
    this.baseBytes = region.bytes;
    return true;
  }

  /** Lets go of the file (the bytes were rewritten elsewhere: a compaction). */
  release(): void {
    this.base?.release();
    this.base = null;
  }
}

/**
 * The byte side of an export: lines gathered into one reused buffer and handed to the sink in chunks of about
 * a megabyte, each ending at a line's end (so a chunk is always whole UTF-8), the sink's promise awaited
 * (backpressure). Stored bodies are copied without decoding them to a string and back: compacting a JSON text
 * only drops ASCII bytes, which in UTF-8 are never part of a multi-byte character (RFC 3629 section 3).
 */
import { isUtf8 } from 'node:buffer';

/** Where export chunks go; may return a promise to apply backpressure. A Uint8Array chunk is whole UTF-8 lines. */
export type ExportSink = (chunk: string | Uint8Array) => void | Promise<void>;

/** Bytes gathered before a chunk goes to the sink. */
const CHUNK_BYTES = 1024 * 1024;

/** The UTF-8 byte order mark a body may start with (bodyText drops it too). */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Gathers export lines into chunks for a sink. */
export class LineWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(private readonly sink: ExportSink) {}

  /**
   * Adds `text` (one or more whole lines, newlines included).
   * @returns a promise when a full chunk went to a sink that applies backpressure.
   */
  text(text: string): void | Promise<void> {
    const pending = this.room(text.length * 3);
    if (pending) return pending.then(() => void this.text(text));
    this.used += this.buffer.write(text, this.used);
  }

  /**
   * Adds a stored JSON body as one line: its UTF-8 BOM dropped and its insignificant whitespace removed, every
   * token kept byte for byte (compactJson's rules, without decoding). A body that is not UTF-8 goes through
   * `fallback` (the string path, which reads invalid bytes as U+FFFD as it always did).
   */
  jsonLine(body: Buffer, fallback: (body: Buffer) => string): void | Promise<void> {
    if (!isUtf8(body)) return this.text(`${fallback(body)}\n`);
    const start = body.subarray(0, 3).equals(BOM) ? 3 : 0;
    const pending = this.room(body.length + 1);
    if (pending) return pending.then(() => void this.jsonLine(body, fallback));
    this.used = compactInto(body, start, this.buffer, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  /** Hands the gathered lines to the sink. */
  flush(): void | Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, this.buffer.length));
    this.used = 0;
    return this.sink(chunk);
  }

  /** Makes room for `bytes` more: flushes when they do not fit, grows the buffer for a line longer than it. */
  private room(bytes: number): void | Promise<void> {
    if (this.used + bytes <= this.buffer.length) return;
    const pending = this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    return pending;
  }
}

/**
 * Copies `src` from `start` into `out` at `at` without the space, tab, CR and LF bytes outside strings (RFC
 * 8259 section 2). Strings are skipped whole with indexOf: a quote ends one unless an odd run of backslashes
 * precedes it. @returns the end of what was written.
 */
export function compactInto(src: Buffer, start: number, out: Buffer, at: number): number {
  let from = start;
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x22) {
      let close = src.indexOf(0x22, i + 1);
      while (close !== -1 && escaped(src, close)) close = src.indexOf(0x22, close + 1);
      if (close === -1) break; // an unterminated string (never in a stored body): the rest is kept as it is
      i = close;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      at += src.copy(out, at, from, i);
      from = i + 1;
    }
  }
  return at + src.copy(out, at, from, src.length);
}

/** Whether the quote at `at` is escaped: an odd number of backslashes right before it. */
function escaped(src: Buffer, at: number): boolean {
  let k = at - 1;
  while (src[k] === 0x5c) k--;
  return (at - 1 - k) % 2 === 1;
}

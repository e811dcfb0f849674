/**
 * A bounded log persisted as JSON Lines: the last `cap` entries, oldest first, each with an increasing numeric
 * id, so that they survive a restart (the rejected log, the forward-attempt log). Appends are cheap; when the
 * file holds twice the cap it is rewritten atomically with the newest `cap`. Unreadable lines (a torn
 * last line, a corrupt one) are skipped at load. Writes are serialized in the background; a failed one is
 * logged, never thrown (the entries stay in memory).
 */
import { appendFile, readFile } from 'node:fs/promises';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomic-write';

export interface BoundedLogOptions<T> {
  /** The JSON Lines file; null keeps the entries in memory only. */
  file: string | null;
  log: Logger;
  /** Entries kept (the file holds up to twice as many lines). */
  cap: number;
  /** Names the log in warnings, e.g. `rejected log`. */
  name: string;
  /** Whether a parsed line is an entry (else it is skipped). */
  isEntry: (value: unknown) => value is T;
  /** Called for each entry that leaves the log: pushed out by the cap, removed by `retain` or `clear`. */
  onRemove?: (entry: T) => void;
}

export class BoundedLog<T extends { id: number }> {
  private entries: T[] = [];
  private lines = 0;
  private nextId = 1;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BoundedLogOptions<T>) {}

  /** Loads the persisted entries (the newest `cap`). */
  async load(): Promise<void> {
    if (!this.options.file) return;
    const text = await readFile(this.options.file, 'utf8').catch(() => '');
    const loaded: T[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines++;
      try {
        const entry: unknown = JSON.parse(line);
        if (this.options.isEntry(entry)) loaded.push(entry);
      } catch {
        // a torn or corrupt line: skipped
      }
    }
    this.entries = loaded.slice(-this.options.cap);
    this.nextId = (this.entries.at(-1)?.id ?? 0) + 1;
  }

  /** The entries, oldest first (the array itself: do not change it). */
  view(): readonly T[] {
    return this.entries;
  }

  /** The id the last entry added got (0 when none ever was): how many were added since the file was created. */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Adds an entry with the next id, drops the oldest beyond the cap, and persists it in the background. */
  add(entry: Omit<T, 'id'>): T {
    const full = { id: this.nextId++, ...entry } as T;
    this.entries.push(full);
    while (this.entries.length > this.options.cap) this.options.onRemove?.(this.entries.shift() as T);
    this.lines++;
    if (this.lines >= 2 * this.options.cap) this.rewrite();
    else this.persist(() => appendFile(this.options.file as string, `${JSON.stringify(full)}\n`, { mode: 0o600 }));
    return full;
  }

  /** Keeps only the entries `keep` accepts and rewrites the file when any was removed. @returns how many were removed. */
  async retain(keep: (entry: T) => boolean): Promise<number> {
    const kept: T[] = [];
    for (const entry of this.entries) {
      if (keep(entry)) kept.push(entry);
      else this.options.onRemove?.(entry);
    }
    const removed = this.entries.length - kept.length;
    if (removed === 0) return 0;
    this.entries = kept;
    this.rewrite();
    await this.writing;
    return removed;
  }

  /** Empties the log. */
  async clear(): Promise<void> {
    await this.retain(() => false);
    this.rewrite();
    await this.writing;
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writing;
  }

  /** Rewrites the file with the entries in memory (writeFileAtomic). */
  private rewrite(): void {
    const text = this.entries.map((e) => `${JSON.stringify(e)}\n`).join('');
    this.lines = this.entries.length;
    const file = this.options.file as string;
    this.persist(() => writeFileAtomic(file, text, 0o600));
  }

  private persist(write: () => Promise<void>): void {
    if (!this.options.file) return;
    this.writing = this.writing.then(write).catch((error: Error) => this.options.log.warn(`${this.options.name} not written: ${error.message}`));
  }
}

/**
 * The bounded attempt log: the last CAP forward and replay attempts (shared/api/types.ts ForwardAttempt),
 * oldest first, persisted as JSON Lines in `<data>/forwards.jsonl` so that an event's attempts survive a
 * restart, and indexed by eventId for the event detail. Appends are cheap; when the file holds twice the cap
 * it is rewritten (temp + rename) with the newest CAP. An attempt holds a bounded response preview only.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ForwardAttempt } from '../../../shared/api/types';
import type { Logger } from '../log';
import { writeFileAtomic } from '../store/atomic-write';

/** Attempts kept in memory (the file holds up to twice as many lines): about 1 KB each with a 512-byte preview. */
export const ATTEMPTS_CAP = 5_000;

/** The attempt log's file in a data folder. */
export const attemptLogFile = (dataDir: string): string => join(dataDir, 'forwards.jsonl');

/** The log of one data folder (`file` null: memory only). Writes are serialized in the background. */
export class AttemptLog {
  private entries: ForwardAttempt[] = [];
  private readonly byEvent = new Map<string, ForwardAttempt[]>();
  private lines = 0;
  private nextId = 1;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string | null,
    private readonly log: Logger,
    private readonly cap = ATTEMPTS_CAP,
  ) {}

  /** Loads the persisted attempts (unreadable lines are skipped). */
  async load(): Promise<void> {
    if (!this.file) return;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const loaded: ForwardAttempt[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines++;
      try {
        const entry = JSON.parse(line) as ForwardAttempt;
        if (typeof entry.id === 'number' && typeof entry.eventId === 'string') loaded.push(entry);
      } catch {
        // a torn or corrupt line: skipped
      }
    }
    for (const entry of loaded.slice(-this.cap)) this.index(entry);
    this.nextId = (this.entries.at(-1)?.id ?? 0) + 1;
  }

  /** The attempts of one event still in the log, oldest first. */
  forEvent(eventId: string): ForwardAttempt[] {
    return this.byEvent.get(eventId)?.slice() ?? [];
  }

  /** Adds an attempt (gets the next id) and persists it in the background. */
  add(attempt: Omit<ForwardAttempt, 'id'>): ForwardAttempt {
    const full: ForwardAttempt = { id: this.nextId++, ...attempt };
    this.index(full);
    while (this.entries.length > this.cap) {
      const oldest = this.entries.shift() as ForwardAttempt;
      const list = this.byEvent.get(oldest.eventId);
      list?.shift();
      if (list?.length === 0) this.byEvent.delete(oldest.eventId);
    }
    if (this.file) {
      const file = this.file;
      this.lines++;
      const snapshot = this.lines >= 2 * this.cap ? `${this.entries.map((e) => JSON.stringify(e)).join('\n')}\n` : null;
      if (snapshot !== null) this.lines = this.entries.length;
      this.writing = this.writing
        .then(async () => {
          if (snapshot === null) return appendFile(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
          await writeFileAtomic(file, snapshot, 0o600);
        })
        .catch((error: Error) => this.log.warn(`forward attempt log not written: ${error.message}`));
    }
    return full;
  }

  /**
   * Keeps only the attempts `keep` accepts (after a purge: those of events still stored) and rewrites the
   * file when any was removed. @returns how many were removed.
   */
  retain(keep: (attempt: ForwardAttempt) => boolean): Promise<number> {
    const kept = this.entries.filter(keep);
    const removed = this.entries.length - kept.length;
    if (removed === 0) return Promise.resolve(0);
    this.entries = [];
    this.byEvent.clear();
    for (const entry of kept) this.index(entry);
    if (this.file) {
      const file = this.file;
      const text = kept.map((e) => `${JSON.stringify(e)}\n`).join('');
      this.lines = kept.length;
      this.writing = this.writing
        .then(async () => {
          await writeFileAtomic(file, text, 0o600);
        })
        .catch((error: Error) => this.log.warn(`forward attempt log not rewritten: ${error.message}`));
    }
    return this.writing.then(() => removed);
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writing;
  }

  private index(entry: ForwardAttempt): void {
    this.entries.push(entry);
    const list = this.byEvent.get(entry.eventId);
    if (list) list.push(entry);
    else this.byEvent.set(entry.eventId, [entry]);
  }
}

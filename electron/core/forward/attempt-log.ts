/**
 * The attempt log: the last CAP forward and replay attempts (shared/api/types.ts ForwardAttempt), oldest
 * first, in `<data>/forwards.jsonl` (a BoundedLog, store/bounded-log.ts) so that an event's attempts survive a
 * restart, and indexed by eventId for the event detail. An attempt holds a bounded response preview only.
 */
import { join } from 'node:path';
import type { ForwardAttempt } from '../../../shared/api/types';
import type { Logger } from '../log';
import { BoundedLog } from '../store/bounded-log';

/** Attempts kept in memory (the file holds up to twice as many lines): about 1 KB each with a 512-byte preview. */
export const ATTEMPTS_CAP = 5_000;

/** The attempt log's file in a data folder. */
export const attemptLogFile = (dataDir: string): string => join(dataDir, 'forwards.jsonl');

const isAttempt = (value: unknown): value is ForwardAttempt =>
  typeof (value as ForwardAttempt)?.id === 'number' && typeof (value as ForwardAttempt).eventId === 'string';

/** The log of one data folder (`file` null: memory only). */
export class AttemptLog {
  private readonly byEvent = new Map<string, ForwardAttempt[]>();
  private readonly entries: BoundedLog<ForwardAttempt>;

  constructor(file: string | null, log: Logger, cap = ATTEMPTS_CAP) {
    this.entries = new BoundedLog({ file, log, cap, name: 'forward attempt log', isEntry: isAttempt, onRemove: (a) => this.unindex(a) });
  }

  /** Loads the persisted attempts (unreadable lines are skipped). */
  async load(): Promise<void> {
    await this.entries.load();
    for (const entry of this.entries.view()) this.index(entry);
  }

  /** The attempts of one event still in the log, oldest first. */
  forEvent(eventId: string): ForwardAttempt[] {
    return this.byEvent.get(eventId)?.slice() ?? [];
  }

  /** Adds an attempt (gets the next id) and persists it in the background. */
  add(attempt: Omit<ForwardAttempt, 'id'>): ForwardAttempt {
    const full = this.entries.add(attempt);
    this.index(full);
    return full;
  }

  /**
   * Keeps only the attempts `keep` accepts (after a purge: those of events still stored) and rewrites the
   * file when any was removed. @returns how many were removed.
   */
  retain(keep: (attempt: ForwardAttempt) => boolean): Promise<number> {
    return this.entries.retain(keep);
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.entries.flush();
  }

  private index(entry: ForwardAttempt): void {
    const list = this.byEvent.get(entry.eventId);
    if (list) list.push(entry);
    else this.byEvent.set(entry.eventId, [entry]);
  }

  private unindex(entry: ForwardAttempt): void {
    const list = this.byEvent.get(entry.eventId);
    const at = list?.indexOf(entry) ?? -1;
    if (at !== -1) list!.splice(at, 1);
    if (list?.length === 0) this.byEvent.delete(entry.eventId);
  }
}

/**
 * The bounded rejected log: the last CAP refused deliveries (401, 400, 413), newest last, persisted as JSON
 * Lines in `rejected.jsonl` so that it survives a restart. Appends are cheap; when the file holds twice the
 * cap it is rewritten (temp + rename) with the newest CAP. Entries hold a bounded preview of the body only.
 */
import { appendFile, readFile } from 'node:fs/promises';
import type { RejectedDelivery } from '../../../shared/api/types';
import type { Logger } from '../log';
import { writeFileAtomic } from '../store/atomic-write';

export const REJECTED_CAP = 1_000;
export const PREVIEW_BYTES = 2_048;

export class RejectedLog {
  private entries: RejectedDelivery[] = [];
  private lines = 0;
  private nextId = 1;
  private writing: Promise<void> = Promise.resolve();
  /** How many were refused since the folder was created (the log itself keeps the last CAP). */
  total = 0;

  constructor(
    private readonly file: string | null,
    private readonly log: Logger,
    private readonly cap = REJECTED_CAP,
  ) {}

  /** Loads the persisted entries (unreadable lines are skipped). */
  async load(): Promise<void> {
    if (!this.file) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as RejectedDelivery;
        if (typeof entry.id === 'number' && typeof entry.reason === 'string') this.entries.push(entry);
      } catch {
        // a torn or corrupt line: skipped
      }
      this.lines++;
    }
    this.entries = this.entries.slice(-this.cap);
    this.nextId = (this.entries.at(-1)?.id ?? 0) + 1;
    this.total = this.nextId - 1;
  }

  /** The entries, oldest first. */
  list(): RejectedDelivery[] {
    return this.entries.slice();
  }

  /** Adds an entry (gets the next id) and persists it in the background. */
  add(entry: Omit<RejectedDelivery, 'id'>): RejectedDelivery {
    const full: RejectedDelivery = { id: this.nextId++, ...entry };
    this.total = full.id;
    this.entries.push(full);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
    if (this.file) {
      const file = this.file;
      this.lines++;
      const compact = this.lines >= 2 * this.cap;
      if (compact) this.lines = this.entries.length;
      const snapshot = compact ? this.entries.map((e) => JSON.stringify(e)).join('\n') + '\n' : null;
      this.writing = this.writing
        .then(async () => {
          if (snapshot !== null) {
            await writeFileAtomic(file, snapshot, 0o600);
          } else {
            await appendFile(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
          }
        })
        .catch((error: Error) => this.log.warn(`rejected log not written: ${error.message}`));
    }
    return full;
  }

  /** Empties the log (purge all). */
  async clear(): Promise<void> {
    this.entries = [];
    this.lines = 0;
    if (this.file) {
      const file = this.file;
      this.writing = this.writing.then(() => writeFileAtomic(file, '', 0o600)).catch(() => {});
    }
    await this.writing;
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writing;
  }
}

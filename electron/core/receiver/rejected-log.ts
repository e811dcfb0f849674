/**
 * The rejected log: the last CAP refused deliveries (401, 400, 413), newest last, in `rejected.jsonl` (a
 * BoundedLog, store/bounded-log.ts) so that it survives a restart. Each entry shows a bounded preview; the
 * body of a delivery refused for its signature (401), or signed but refused for its content (400: a verified
 * delivery is never lost), is also kept in full, in `refused/<id>.body`, so that it can be checked again once
 * the right key is saved (`reverify`) or recovered by hand: within a byte budget (BODY_BUDGET_BYTES),
 * the oldest bodies dropped first, and the entry says `fullBody: 'dropped'` then.
 * Kept bodies are unauthenticated: stored as bytes, never parsed here beyond the bounded run-id lookup below.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RejectedDelivery } from '../../../shared/api/types';
import type { Logger } from '../log';
import { BoundedLog } from '../store/bounded-log';

export const REJECTED_CAP = 1_000;
export const PREVIEW_BYTES = 2_048;
/** The bytes of refused bodies kept for `reverify` (Knit's events are ~1-3 KB: about 20,000 of them). */
export const BODY_BUDGET_BYTES = 64 * 1024 * 1024;
/** Only this many first bytes of a kept body are searched for its `syncRunId` (the Runs screen's count). */
const RUN_ID_SCAN_BYTES = 64 * 1024;
const RUN_ID = /"syncRunId"\s*:\s*"([A-Za-z0-9_.:-]{1,128})"/;

const isRejected = (value: unknown): value is RejectedDelivery =>
  typeof (value as RejectedDelivery)?.id === 'number' && typeof (value as RejectedDelivery).reason === 'string';

export interface RejectedLogOptions {
  /** Where full bodies are kept (`<data>/refused`); null keeps none. */
  bodiesDir?: string | null;
  /** See BODY_BUDGET_BYTES. */
  budgetBytes?: number;
}

export class RejectedLog {
  private readonly entries: BoundedLog<RejectedDelivery>;
  private readonly bodiesDir: string | null;
  private readonly budget: number;
  /** Kept bodies, oldest first: entry and size. */
  private kept: Array<{ entry: RejectedDelivery; bytes: number }> = [];
  private keptBytes = 0;
  /** Bodies not written yet, by entry id: a body dropped before its turn is never written (memory stays within the budget). */
  private readonly unwritten = new Map<number, Buffer>();
  private writing: Promise<void> = Promise.resolve();

  constructor(file: string | null, log: Logger, cap = REJECTED_CAP, options: RejectedLogOptions = {}) {
    this.entries = new BoundedLog({ file, log, cap, name: 'rejected log', isEntry: isRejected, onRemove: (e) => this.dropBody(e, null) });
    this.bodiesDir = options.bodiesDir ?? null;
    this.budget = options.budgetBytes ?? BODY_BUDGET_BYTES;
  }

  /** How many were refused since the folder was created (the log itself keeps the last CAP). */
  get total(): number {
    return this.entries.lastId;
  }

  /** Loads the persisted entries (unreadable lines are skipped) and finds which bodies are still kept. */
  async load(): Promise<void> {
    await this.entries.load();
    if (!this.bodiesDir) return;
    const present = new Map<number, number>();
    for (const name of await readdir(this.bodiesDir).catch(() => [] as string[])) {
      const id = /^(\d+)\.body$/.exec(name)?.[1];
      if (id) present.set(Number(id), 0);
    }
    for (const entry of this.entries.view()) {
      if (entry.fullBody !== 'kept') continue;
      if (!present.has(entry.id)) entry.fullBody = 'dropped';
      else this.kept.push({ entry, bytes: entry.bodySize });
      present.delete(entry.id);
    }
    this.keptBytes = this.kept.reduce((sum, k) => sum + k.bytes, 0);
    for (const id of present.keys()) void rm(this.bodyPath(id), { force: true }); // bodies of entries no longer in the log
  }

  /** The entries, oldest first. */
  list(): RejectedDelivery[] {
    return this.entries.view().slice();
  }

  /** The entries whose full body is kept, oldest first. */
  withBodies(): RejectedDelivery[] {
    return this.kept.map((k) => k.entry);
  }

  /** How many entries in the log lost their full body to the byte budget. */
  get bodiesDropped(): number {
    return this.entries.view().filter((e) => e.fullBody === 'dropped').length;
  }

  /**
   * Adds an entry (gets the next id) and persists it in the background; `body`, the whole body of a 401, is
   * kept in full within the budget (the oldest kept bodies dropped to make room).
   */
  add(entry: Omit<RejectedDelivery, 'id'>, body?: Buffer): RejectedDelivery {
    const keep =
      this.bodiesDir !== null && body !== undefined && (entry.status === 401 || entry.status === 400) && body.length > 0 && body.length <= this.budget;
    const syncRunId = keep ? (RUN_ID.exec(body.toString('latin1', 0, Math.min(body.length, RUN_ID_SCAN_BYTES)))?.[1] ?? null) : null;
    const full = this.entries.add({ ...entry, ...(keep && { fullBody: 'kept' as const, syncRunId }) });
    if (keep) {
      this.kept.push({ entry: full, bytes: body.length });
      this.keptBytes += body.length;
      this.unwritten.set(full.id, body);
      const dir = this.bodiesDir as string;
      this.writing = this.writing
        .then(async () => {
          const bytes = this.unwritten.get(full.id);
          if (!bytes) return;
          this.unwritten.delete(full.id);
          await mkdir(dir, { recursive: true, mode: 0o700 });
          await writeFile(this.bodyPath(full.id), bytes, { mode: 0o600 });
        })
        .catch(() => this.dropBody(full, 'dropped'));
      while (this.keptBytes > this.budget) this.dropBody((this.kept[0] as { entry: RejectedDelivery }).entry, 'dropped');
    }
    return full;
  }

  /** The kept full body of an entry, or null when it is not kept (any more). */
  async body(entry: RejectedDelivery): Promise<Buffer | null> {
    await this.writing;
    if (entry.fullBody !== 'kept') return null;
    return readFile(this.bodyPath(entry.id)).catch(() => null);
  }

  /** Removes entries (accepted on a check again, purge) with their bodies. @returns how many were removed. */
  remove(ids: ReadonlySet<number>): Promise<number> {
    return this.entries.retain((e) => !ids.has(e.id));
  }

  /** Empties the log (purge all). */
  async clear(): Promise<void> {
    await this.entries.clear();
    await this.flush();
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await this.entries.flush();
    await this.writing;
  }

  /** Forgets an entry's kept body and deletes its file; `mark` says why it went ('dropped' for the budget), null when the entry itself left. */
  private dropBody(entry: RejectedDelivery, mark: 'dropped' | null): void {
    const at = this.kept.findIndex((k) => k.entry === entry);
    if (at === -1) return;
    this.keptBytes -= (this.kept[at] as { bytes: number }).bytes;
    this.kept.splice(at, 1);
    this.unwritten.delete(entry.id);
    if (mark) entry.fullBody = mark;
    const path = this.bodyPath(entry.id);
    this.writing = this.writing.then(() => rm(path, { force: true })).catch(() => {});
  }

  private bodyPath(id: number): string {
    return join(this.bodiesDir as string, `${id}.body`);
  }
}

/**
 * When the JournalStore writes a snapshot: after `everyLines` new journal lines (or an eighth of the events
 * stored, when more) once deliveries pause for SNAPSHOT_IDLE_MS, at once past four times that, on an interval
 * when anything changed, and at close (JournalStoreOptions.snapshotEveryLines says why).
 */
import type { Logger } from '../log';

/** A due snapshot is written after this long without deliveries (ms). */
const SNAPSHOT_IDLE_MS = 1_000;

/** What the scheduler needs of the store: the write itself and whether ingestion is busy. */
export interface SnapshotHost {
  /** Captures the state now and writes it (snapshot.ts); resolves once written. */
  writeSnapshot(): Promise<void>;
  /** A batch is being committed or waits. */
  isBusy(): boolean;
  /** The store is closed: no more background snapshots. */
  isClosed(): boolean;
}

export class SnapshotScheduler {
  /** Journal lines applied since the last snapshot's capture. */
  linesSinceSnapshot = 0;
  /** The snapshot being written, if any. */
  snapshotting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** When the last batch was committed (Date.now() ms): a due snapshot waits for a lull. */
  private lastBatchAt = 0;

  constructor(
    private readonly host: SnapshotHost,
    private readonly log: Logger,
    private readonly everyLines: number,
  ) {}

  /** Starts the interval snapshot (ms). */
  startInterval(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.linesSinceSnapshot > 0) this.inBackground();
    }, intervalMs);
    this.timer.unref();
  }

  /** Writes a snapshot now, after the one being written (captured synchronously, written in the background). */
  now(): Promise<void> {
    if (this.snapshotting) return this.snapshotting.then(() => this.now());
    this.linesSinceSnapshot = 0;
    this.snapshotting = this.host.writeSnapshot().finally(() => {
      this.snapshotting = null;
    });
    return this.snapshotting;
  }

  /** Counts a committed batch of `lines` with `events` stored, and schedules the snapshot it makes due. */
  committed(lines: number, events: number): void {
    this.linesSinceSnapshot += lines;
    this.lastBatchAt = Date.now();
    if (this.linesSinceSnapshot >= Math.max(4 * this.everyLines, events >> 2)) this.inBackground();
    else if (this.linesSinceSnapshot >= Math.max(this.everyLines, events >> 3)) this.whenIdle();
  }

  /** Writes a snapshot in the background unless one is being written; failures are logged. */
  inBackground(): void {
    if (this.snapshotting || this.host.isClosed()) return;
    void this.now().catch((e) => this.log.warn(`snapshot failed: ${(e as Error).message}`));
  }

  /** Stops the timers; a snapshot being written goes on (close waits for it). */
  stopTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
  }

  /** Writes a snapshot once no batch has been committed for SNAPSHOT_IDLE_MS (one timer at a time). */
  private whenIdle(): void {
    if (this.idleTimer) return;
    const check = (): void => {
      this.idleTimer = null;
      const quiet = Date.now() - this.lastBatchAt;
      if (quiet >= SNAPSHOT_IDLE_MS && !this.host.isBusy()) this.inBackground();
      else if (!this.host.isClosed()) this.idleTimer = setTimeout(check, Math.max(1, SNAPSHOT_IDLE_MS - quiet)).unref();
    };
    this.idleTimer = setTimeout(check, SNAPSHOT_IDLE_MS).unref();
  }
}

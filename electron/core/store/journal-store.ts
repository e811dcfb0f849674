/**
 * The journal store of a data folder: the journal (durable history, journal-format.ts, journal-file.ts), the
 * in-memory state (state/state.ts) rebuilt at open from the snapshot (snapshot.ts) plus the journal tail
 * (recovery.ts), and the group commit that makes every accepted event durable before its 200 (group-commit.ts;
 * ARCHITECTURE.md "Store"). This class composes them: snapshot scheduling (snapshot-scheduler.ts), whether
 * writes work (write-health.ts) and the background check of what the snapshot covers (integrity.ts). Nothing
 * here grows with what is stored: an append costs the same with 0 or 120,000 events.
 */
import type { StoreProblem } from '../../../shared/api/types';
import type { Logger } from '../log';
import type { AppliedChanges } from '../state/apply';
import { State, type EventMeta } from '../state/state';
import { GroupCommit, type AcceptInput, type AcceptResult } from './group-commit';
import { verifyCovered, type BodyCheck, type CoveredRange } from './integrity';
import { JournalFile } from './journal-file';
import { JournalChecksums } from './journal-checksums';
import { decodeLine, type JournalEventLine } from './journal-format';
import { scanLines } from './lines';
import { recover } from './recovery';
import { replay, rewriteJournal } from './replay';
import { captureState, writeSnapshot } from './snapshot';
import { SnapshotScheduler } from './snapshot-scheduler';
import { WRITE_RECOVERY_MS, WriteHealth } from './write-health';

export { StoreWriteError, type AcceptInput, type AcceptResult } from './group-commit';
export type { BodyCheck } from './integrity';
export { WRITE_RECOVERY_MS } from './write-health';

export interface JournalStoreOptions {
  dataDir: string;
  log: Logger;
  /** Open without writing or moving anything (export). */
  readOnly?: boolean;
  /**
   * Write a snapshot after this many new journal lines (default 10,000), or an eighth of the events stored
   * when that is more: a snapshot costs in proportion to the state, so this keeps its cost per event constant
   * (without it, 120,000 events of a big initial sync would rewrite a growing snapshot twelve times). The
   * snapshot waits for a lull of a second without deliveries (during a sync it would compete with the
   * events Knit waits on: the journal is the durable record, a snapshot only shortens the next start), unless
   * the tail reaches four times this many lines or a quarter of the events stored, however busy: the journal
   * tail replayed after a crash stays under that (about 60 us a line here) ...
   */
  snapshotEveryLines?: number;
  /** ... or this often when anything changed (ms, default 60,000). */
  snapshotIntervalMs?: number;
  /** Zeros written ahead of the journal's end per extension (bytes; default JOURNAL_CHUNK_BYTES, journal-space.ts). */
  journalChunkBytes?: number;
  /**
   * Writes work again only once none has failed for this long (ms, default WRITE_RECOVERY_MS): at the edge of
   * a full disk small batches fit and large ones fail, and the state would flap several times a second.
   */
  writeRecoveryMs?: number;
}

export class JournalStore {
  /** The current state; replaced by a purge, so always read it through the store. */
  state: State = new State();
  /** What recovery found at open. */
  readonly problems: StoreProblem[] = [];
  /** Called after each event or retry is durable and applied, in arrival order. */
  onApplied: ((changes: AppliedChanges) => void) | null = null;
  onRetry: ((event: EventMeta | null) => void) | null = null;
  /** Called when a write fails and when writes work again (error null). */
  onWriteState: ((error: Error | null) => void) | null = null;
  /** Called for each problem found, also those the background check of the journal's checksums finds after open. */
  onProblem: ((problem: StoreProblem) => void) | null = null;
  /** The problems that cost stored events, with how many (export events exits 1 on them). */
  readonly damage: Array<{ events: number; message: string }> = [];
  /** Settles when the background check of the bytes the snapshot covers is done (checkIntegrity). */
  integrityChecked: Promise<void> = Promise.resolve();

  readonly journal: JournalFile;
  readonly log: Logger;
  readonly readOnly: boolean;
  private readonly snapshots: SnapshotScheduler;
  private readonly health: WriteHealth;
  private readonly commits: GroupCommit;
  /** The snapshot's checksum record and position, checked in the background after open. */
  private covered: CoveredRange | null = null;
  private closed = false;

  private constructor(options: JournalStoreOptions) {
    this.log = options.log;
    this.readOnly = options.readOnly ?? false;
    this.journal = new JournalFile(options.dataDir, options.log, options.journalChunkBytes);
    const isClosed = (): boolean => this.closed;
    this.health = new WriteHealth(options.log, options.writeRecoveryMs ?? WRITE_RECOVERY_MS, (error) => this.onWriteState?.(error), isClosed);
    this.snapshots = new SnapshotScheduler(
      { writeSnapshot: () => this.writeSnapshot(), isBusy: () => this.commits.isBusy(), isClosed },
      options.log,
      options.snapshotEveryLines ?? 10_000,
    );
    this.commits = new GroupCommit(this, this.journal, this.health, this.snapshots);
  }

  /** Opens the store of `options.dataDir` (the caller holds the folder's lock unless read-only). Never throws for unreadable files. */
  static async open(options: JournalStoreOptions): Promise<JournalStore> {
    const store = new JournalStore(options);
    const recovered = await recover(store);
    store.state = recovered.state;
    store.covered = recovered.covered;
    store.snapshots.linesSinceSnapshot = recovered.linesSinceSnapshot;
    if (!store.readOnly) {
      await store.journal.openForWriting();
      store.snapshots.startInterval(options.snapshotIntervalMs ?? 60_000);
      if (recovered.linesSinceSnapshot > 0) void store.snapshotNow().catch((e) => options.log.warn(`snapshot after recovery failed: ${(e as Error).message}`));
    } else {
      await store.journal.openForReading();
    }
    return store;
  }

  /**
   * Stores one event durably and applies it; a known eventId is counted as a retry instead.
   * @throws StoreWriteError when the journal cannot be written (nothing was stored or counted).
   */
  accept(input: AcceptInput): Promise<AcceptResult> {
    return this.commits.accept(input);
  }

  /** Closed or read-only: accept() rejects (GroupCommit's CommitHost). */
  refusesWrites(): boolean {
    return this.closed || this.readOnly;
  }

  /** Reads an event's journal line back (body bytes exact); null when it cannot be read. */
  readEvent(meta: Pick<EventMeta, 'offset' | 'length'>): Promise<{ line: JournalEventLine; raw: Buffer } | null> {
    return this.journal.readEvent(meta);
  }

  /**
   * Calls `onLine` for every stored event's journal line in arrival order (export of events): the line the
   * state points at, so a line copied twice is given once; skips unreadable lines.
   * @returns the stored events whose line could not be read (damaged journal): how many, and the first's offset.
   */
  async forEachEvent(onLine: (line: JournalEventLine, raw: Buffer) => void | Promise<void>): Promise<{ unread: number; firstUnreadOffset: number | null }> {
    const given: number[] = [];
    await scanLines(this.journal.path, 0, (bytes, offset) => {
      const decoded = decodeLine(bytes);
      const events = this.state.events;
      const position = decoded?.kind === 'event' ? events.positionOf(decoded.line.eventId) : -1;
      if (decoded?.kind !== 'event' || position === -1 || events.numbers.offset.get(position) !== offset || decoded.raw.includes(0)) return; // a JSON text never holds a NUL byte: zeroed damage
      given.push(offset);
      return onLine(decoded.line, decoded.raw);
    }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    const unread = this.state.events.size - given.length;
    if (unread === 0) return { unread: 0, firstUnreadOffset: null };
    const offsets = this.state.events.numbers.offset.view().slice().sort();
    let i = 0;
    while (i < given.length && given[i] === offsets[i]) i++;
    return { unread, firstUnreadOffset: offsets[i] ?? null };
  }

  /**
   * Removes the events `match` selects (with their retry lines) by rewriting the journal (temp, fsync,
   * rename), then rebuilds the state from it and writes a snapshot. Ingestion waits meanwhile.
   * @returns how many events and employees were removed.
   */
  async purge(match: (meta: EventMeta) => boolean): Promise<{ events: number; employees: number }> {
    return this.commits.exclusive(async () => {
      const removed = new Set<string>();
      for (const meta of this.state.events.values()) if (match(meta)) removed.add(meta.eventId);
      if (removed.size === 0) return { events: 0, employees: 0 };
      const before = new Set(this.state.employees.keys());
      await rewriteJournal(this.journal, this.readOnly, (line) =>
        line === null ? true : line.kind === 'event' ? !removed.has(line.line.eventId) : !removed.has(line.line.retryOf),
      );
      const { headerBytes } = this.journal;
      const replayed = await replay(this.journal.path, new State(), headerBytes, new JournalChecksums(headerBytes));
      this.state = replayed.state;
      this.journal.checksums = replayed.sums;
      let employees = 0;
      for (const key of before) if (!this.state.employees.has(key)) employees++;
      this.snapshots.linesSinceSnapshot = 1;
      await this.snapshotNow();
      this.log.info(`purged ${removed.size} events and ${employees} employees`);
      return { events: removed.size, employees };
    });
  }

  /** Writes a snapshot of the current state now (in the background of the event loop). */
  snapshotNow(): Promise<void> {
    if (this.readOnly) return Promise.resolve();
    return this.snapshots.now();
  }

  /** Waits for queued events, writes a final snapshot and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.snapshots.stopTimers();
    this.health.stopTimer();
    await this.commits.drain();
    this.closed = true;
    if (!this.readOnly && this.snapshots.linesSinceSnapshot > 0) {
      await this.snapshotNow().catch((e) => this.log.warn(`final snapshot failed: ${(e as Error).message}`));
    }
    await this.snapshots.snapshotting?.catch(() => {});
    await this.journal.close();
  }

  /**
   * Starts the background check of the journal bytes the snapshot covers (integrity.ts); `checkBody` tells
   * whether a stored body still matches its signature (true/false), or null when no key can say. Once per open.
   */
  checkIntegrity(checkBody: BodyCheck = () => null): Promise<void> {
    if (!this.readOnly && this.covered) {
      const host = {
        journal: this.journal,
        log: this.log,
        events: () => this.state.events,
        isClosed: () => this.closed,
        problem: this.problem.bind(this),
      };
      this.integrityChecked = verifyCovered(host, this.covered, checkBody);
    }
    this.covered = null;
    return this.integrityChecked;
  }

  /** How many problems were reported (RecoveryHost). */
  problemCount(): number {
    return this.problems.length;
  }

  /** Records a problem (logged, and handed to onProblem once open); `events` counts the stored events it cost (see `damage`). */
  problem(kind: StoreProblem['kind'], message: string, setAsidePath: string | null, events?: number): void {
    this.log.warn(message);
    const problem: StoreProblem = { id: `${kind}-${Date.now()}-${this.problems.length}`, at: new Date().toISOString(), kind, message, setAsidePath };
    this.problems.push(problem);
    if (events !== undefined) this.damage.push({ events, message });
    this.onProblem?.(problem);
  }

  /** Captures the state with the journal position it covers and writes it (SnapshotScheduler). */
  private writeSnapshot(): Promise<void> {
    const { journal } = this;
    return writeSnapshot(journal.files.snapshot, captureState(this.state, journal.journalId, journal.size, journal.checksums?.record()));
  }
}

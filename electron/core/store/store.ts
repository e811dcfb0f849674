/**
 * The store of a data folder: the journal (durable history, journal-format.ts), the in-memory state
 * (state/state.ts) rebuilt at open from the snapshot (snapshot.ts) plus the journal tail, and the group commit
 * that makes every accepted event durable before its 200 (ARCHITECTURE.md "Store").
 *
 * Group commit: `accept()` queues the event; one flush at a time, one event-loop turn after the first queued
 * event (so that the requests read in the same turn join it), writes every queued line with one positional
 * durable write (the journal is opened with O_DSYNC where the platform has it, else the write is followed by
 * `fdatasync`) into space preallocated with zeros (journal-space.ts), then applies the batch to the state in
 * arrival order and resolves each caller. A caller may take the durable moment itself (AcceptInput.onDurable):
 * the batch's answers then go out before it is applied, which no answer needs to wait for (README "Performance").
 * Requests arriving during a flush form the next batch. A failed write (ENOSPC, EIO) rejects the whole batch
 * with StoreWriteError (the listener answers 503), truncates the partial write away and the next batch tries
 * again. Nothing here grows with what is stored: an append costs the same with 0 or 120,000 events.
 *
 * Recovery at open: a torn last line is copied aside (`journal.jsonl.torn-<ms>`) and truncated away; corrupt
 * lines are copied aside (`journal.jsonl.corrupt-<ms>`) and the journal rewritten without them; an unreadable
 * snapshot is moved aside and the state rebuilt from the journal; a journal that ends before the position a
 * snapshot covers (cut, or its last lines zeroed), or that was emptied, deleted, zeroed or replaced beside it,
 * is read whole and the events the snapshot names that it lacks are counted as lost (the snapshot is kept as
 * `state.snapshot.stale-<ms>`). Damage inside what the snapshot covers is found without parsing it: the
 * snapshot records checksums of those bytes, compared in the background after open (checkIntegrity,
 * journal-checksums.ts). Each is reported as a StoreProblem. Zeros past the last line (the preallocated space of a run that did not close) are cut without
 * a report: they were never lines. A read-only store (export beside a running serve) moves nothing: it skips what it cannot read.
 */
import { constants } from 'node:fs';
import { open, rename, stat, truncate, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import type { StoreProblem } from '../../../shared/api/types';
import type { EventEnvelope } from '../../../shared/knit/events';
import type { EventFlag } from '../../../shared/api/types';
import type { Logger } from '../log';
import { parseEnvelope } from '../receiver/envelope';
import { applyEvent, applyRetry, type AppliedChanges } from '../state/apply';
import { State, type EventMeta } from '../state/state';
import { dataFiles } from './data-dir';
import {
  decodeLine,
  encodeEventLine,
  encodeRetryLine,
  headerLine,
  parseHeader,
  type JournalEventLine,
  type JournalLine,
} from './journal-format';
import { checksumRange, JournalChecksums, verifyChecksums, type ChecksumMismatch, type JournalChecksumRecord } from './journal-checksums';
import { journalExtent, JournalSpace } from './journal-space';
import { scanLines } from './lines';
import { captureState, loadSnapshot, writeSnapshot, type LoadedSnapshot } from './snapshot';

export interface StoreOptions {
  dataDir: string;
  log: Logger;
  /** Open without writing or moving anything (export). */
  readOnly?: boolean;
  /**
   * Write a snapshot after this many new journal lines (default 10,000), or an eighth of the events stored
   * when that is more: a snapshot costs in proportion to the state, so this keeps its cost per event constant
   * (without it, 120,000 events of a big initial sync would rewrite a growing snapshot twelve times). The
   * snapshot waits for a lull of SNAPSHOT_IDLE_MS without deliveries (during a sync it would compete with the
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

/** An event that passed verification and the envelope check, ready to store. */
export interface AcceptInput {
  eventId: string;
  raw: Buffer;
  body: EventEnvelope;
  receivedAt: string;
  environment: string;
  integrationId: string | null;
  headers: Record<string, string>;
  flags: EventFlag[];
  /**
   * Called once the event is durable in the journal, with its seq, before it is applied (the listener sends
   * its 200 from here). The batch is applied right after, in the same event-loop iteration (setImmediate runs
   * before the next I/O poll), so a request sent after that 200 finds the event; `accept()` resolves after it.
   * Not called for a redelivery or a failed write.
   */
  onDurable?: (seq: number) => void;
}

export type AcceptResult = { kind: 'stored'; changes: AppliedChanges } | { kind: 'retry'; event: EventMeta | null };

/** The journal could not be written: the event is not stored (answer 503 so that Knit retries). */
export class StoreWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`The journal could not be written: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreWriteError';
  }
}

/** A due snapshot is written after this long without deliveries (ms; see StoreOptions.snapshotEveryLines). */
const SNAPSHOT_IDLE_MS = 1_000;
/** See StoreOptions.writeRecoveryMs. */
export const WRITE_RECOVERY_MS = 2_000;

type Pending =
  | { kind: 'event'; input: AcceptInput; resolve: (r: AcceptResult) => void; reject: (e: Error) => void }
  | { kind: 'retry'; eventId: string; receivedAt: string; resolve: (r: AcceptResult) => void; reject: (e: Error) => void };

export class Store {
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

  private readonly files;
  private handle: FileHandle | null = null;
  /** The zeros ahead of the journal's end (null when read-only). */
  private space: JournalSpace | null = null;
  /** The journal handle has O_DSYNC: a write returns once its data is durable (else fdatasync follows it). */
  private syncedWrites = false;
  private journalId = '';
  /** The journal this one was rewritten from (its header's `rewrittenFrom`), or null. */
  private previousJournalId: string | null = null;
  /** How the journal was found at open when it held nothing readable, for the report of what the snapshot lost. */
  private journalWas: 'deleted' | 'emptied' | 'zeroed' | null = null;
  /** The checksums of the journal's bytes up to `size` (journal-checksums.ts); null when read-only without a journal. */
  private checksums: JournalChecksums | null = null;
  /** The snapshot's checksum record and position, checked in the background after open. */
  private covered: { record: JournalChecksumRecord; position: number } | null = null;
  /** Length of the journal's header line (with its newline): where events start. */
  private headerBytes = 0;
  /** The journal's durable and applied end (byte offset): the state holds every line before it. */
  private size = 0;
  private queue: Pending[] = [];
  private readonly inflight = new Map<string, Promise<unknown>>();
  private flushing: Promise<void> | null = null;
  private exclusiveLock: Promise<void> | null = null;
  private needsTruncate = false;
  /** A write failed and its recovery is not announced yet (onWriteState). */
  private writeFailed = false;
  private lastWriteFailedAt = 0;
  private lastWriteOk = true;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private linesSinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** When the last batch was committed (Date.now() ms): a due snapshot waits for a lull. */
  private lastBatchAt = 0;
  private closed = false;

  private constructor(private readonly options: StoreOptions) {
    this.files = dataFiles(options.dataDir);
  }

  /** Opens the store of `options.dataDir` (the caller holds the folder's lock unless read-only). Never throws for unreadable files. */
  static async open(options: StoreOptions): Promise<Store> {
    const store = new Store(options);
    await store.recover();
    if (!options.readOnly) {
      await store.openForWriting();
      const interval = options.snapshotIntervalMs ?? 60_000;
      store.timer = setInterval(() => {
        if (store.linesSinceSnapshot > 0) store.snapshotInBackground();
      }, interval);
      store.timer.unref();
      if (store.linesSinceSnapshot > 0) void store.snapshotNow().catch((e) => options.log.warn(`snapshot after recovery failed: ${(e as Error).message}`));
    } else {
      store.handle = await open(store.files.journal, 'r').catch(() => null);
    }
    return store;
  }

  /**
   * Stores one event durably and applies it; a known eventId is counted as a retry instead.
   * @throws StoreWriteError when the journal cannot be written (nothing was stored or counted).
   */
  async accept(input: AcceptInput): Promise<AcceptResult> {
    if (this.closed || this.options.readOnly) throw new StoreWriteError(new Error('the store is closed'));
    const pending = this.inflight.get(input.eventId);
    if (pending) {
      await pending.catch(() => {});
      return this.accept(input);
    }
    const known = this.state.events.has(input.eventId);
    const promise = new Promise<AcceptResult>((resolve, reject) => {
      this.queue.push(
        known
          ? { kind: 'retry', eventId: input.eventId, receivedAt: input.receivedAt, resolve, reject }
          : { kind: 'event', input, resolve, reject },
      );
    });
    this.inflight.set(input.eventId, promise);
    this.kick();
    try {
      return await promise;
    } finally {
      this.inflight.delete(input.eventId);
    }
  }

  /** Reads an event's journal line back (body bytes exact); null when it cannot be read. */
  async readEvent(meta: Pick<EventMeta, 'offset' | 'length'>): Promise<{ line: JournalEventLine; raw: Buffer } | null> {
    if (!this.handle) return null;
    const buffer = Buffer.allocUnsafe(meta.length);
    try {
      const { bytesRead } = await this.handle.read(buffer, 0, meta.length, meta.offset);
      const decoded = decodeLine(buffer.subarray(0, bytesRead));
      return decoded?.kind === 'event' ? { line: decoded.line, raw: decoded.raw } : null;
    } catch {
      return null;
    }
  }

  /**
   * Calls `onLine` for every stored event's journal line in arrival order (export of events): the line the
   * state points at, so a line copied twice is given once; skips unreadable lines.
   * @returns the stored events whose line could not be read (damaged journal): how many, and the first's offset.
   */
  async forEachEvent(onLine: (line: JournalEventLine, raw: Buffer) => void | Promise<void>): Promise<{ unread: number; firstUnreadOffset: number | null }> {
    const given: number[] = [];
    await scanLines(this.files.journal, 0, (bytes, offset) => {
      const decoded = decodeLine(bytes);
      if (decoded?.kind !== 'event' || this.state.events.get(decoded.line.eventId)?.offset !== offset || decoded.raw.includes(0)) return; // a JSON text never holds a NUL byte: zeroed damage
      given.push(offset);
      return onLine(decoded.line, decoded.raw);
    }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    const unread = this.state.events.size - given.length;
    if (unread === 0) return { unread: 0, firstUnreadOffset: null };
    const offsets = Float64Array.from(this.state.events.values(), (meta) => meta.offset).sort();
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
    return this.exclusive(async () => {
      const removed = new Set<string>();
      for (const meta of this.state.events.values()) if (match(meta)) removed.add(meta.eventId);
      if (removed.size === 0) return { events: 0, employees: 0 };
      const before = new Set(this.state.employees.keys());
      await this.rewriteJournal((line) =>
        line === null ? true : line.kind === 'event' ? !removed.has(line.line.eventId) : !removed.has(line.line.retryOf),
      );
      const replayed = await this.replay(new State(), this.headerBytes, new JournalChecksums(this.headerBytes));
      this.state = replayed.state;
      this.checksums = replayed.sums;
      let employees = 0;
      for (const key of before) if (!this.state.employees.has(key)) employees++;
      this.linesSinceSnapshot = 1;
      await this.snapshotNow();
      this.options.log.info(`purged ${removed.size} events and ${employees} employees`);
      return { events: removed.size, employees };
    });
  }

  /** Writes a snapshot of the current state now (in the background of the event loop). */
  snapshotNow(): Promise<void> {
    if (this.options.readOnly) return Promise.resolve();
    if (this.snapshotting) return this.snapshotting.then(() => this.snapshotNow());
    const capture = captureState(this.state, this.journalId, this.size, this.checksums?.record());
    this.linesSinceSnapshot = 0;
    this.snapshotting = writeSnapshot(this.files.snapshot, capture).finally(() => {
      this.snapshotting = null;
    });
    return this.snapshotting;
  }

  /**
   * Opens the journal for writing: with O_DSYNC where the platform has it (one durable write per batch
   * instead of a write and an fdatasync, each a round trip through libuv's thread pool), and its space
   * ahead preallocated in the background.
   */
  private async openForWriting(): Promise<void> {
    const dsync = (constants as { O_DSYNC?: number }).O_DSYNC;
    this.handle = await open(this.files.journal, dsync === undefined ? 'r+' : constants.O_RDWR | dsync);
    this.syncedWrites = dsync !== undefined;
    this.space = await JournalSpace.open(this.files.journal, this.size, this.options.log, this.options.journalChunkBytes);
    this.space.ensureAhead(this.size);
  }

  /** Closes the journal handles; the preallocated zeros past the last line are truncated away. */
  private async closeJournal(): Promise<void> {
    const { handle, space } = this;
    this.handle = null;
    this.space = null;
    if (space) {
      await space.close();
      await handle?.truncate(this.size).catch((e) => this.options.log.warn(`journal padding not removed: ${(e as Error).message}`));
    }
    await handle?.close();
  }

  /** Waits for queued events, writes a final snapshot and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    while (this.flushing || this.queue.length > 0 || this.exclusiveLock) {
      await (this.flushing ?? this.exclusiveLock ?? Promise.resolve());
      if (!this.flushing && !this.exclusiveLock && this.queue.length > 0) this.kick();
    }
    this.closed = true;
    if (!this.options.readOnly && this.linesSinceSnapshot > 0) {
      await this.snapshotNow().catch((e) => this.options.log.warn(`final snapshot failed: ${(e as Error).message}`));
    }
    await this.snapshotting?.catch(() => {});
    await this.closeJournal();
  }

  private kick(): void {
    if (!this.flushing && !this.exclusiveLock) {
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.kick();
      });
    }
  }

  /** The group commit loop: one durable write per batch (O_DSYNC, else a write and an fdatasync: openForWriting). */
  private async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.exclusiveLock) {
      // one event-loop turn before taking the batch: the requests read in the same poll phase join it instead
      // of waiting for a write of the first one alone (fewer, larger writes; the cost is one turn)
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.exclusiveLock) break;
      const batch = this.queue.splice(0);
      const buffers: Buffer[] = [];
      const placed: Array<{ seq: number; offset: number; length: number }> = [];
      let seq = this.state.lastSeq;
      let offset = this.size;
      for (const item of batch) {
        let buffer: Buffer;
        if (item.kind === 'event') {
          const { input } = item;
          seq++;
          buffer = encodeEventLine(
            { seq, eventId: input.eventId, receivedAt: input.receivedAt, environment: input.environment, integrationId: input.integrationId, headers: input.headers, flags: input.flags },
            input.raw,
          );
        } else {
          buffer = encodeRetryLine({ retryOf: item.eventId, receivedAt: item.receivedAt });
        }
        placed.push({ seq, offset, length: buffer.length - 1 });
        buffers.push(buffer);
        offset += buffer.length;
      }
      const data = buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers);
      try {
        const handle = this.handle;
        if (!handle) throw new Error('the journal is not open');
        if (this.needsTruncate) await this.truncateJournal();
        await this.space?.ready(this.size + data.length);
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written, this.size + written);
          if (bytesWritten === 0) throw new Error('no byte written');
          written += bytesWritten;
        }
        if (!this.syncedWrites) await handle.datasync();
      } catch (error) {
        this.needsTruncate = true;
        await this.truncateJournal().catch(() => {});
        this.lastWriteOk = false;
        this.lastWriteFailedAt = Date.now();
        if (!this.writeFailed) {
          this.writeFailed = true;
          this.options.log.error(`journal write failed: ${(error as Error).message}`);
          this.onWriteState?.(error as Error);
        }
        const failure = new StoreWriteError(error);
        for (const item of batch) item.reject(failure);
        continue;
      }
      this.lastWriteOk = true;
      if (this.writeFailed) this.announceRecovery();
      this.space?.written(this.size + data.length);
      this.space?.ensureAhead(this.size + data.length);
      if (announceDurable(batch, placed)) await new Promise((resolve) => setImmediate(resolve));
      // the applied end moves with the state, never before it: a snapshot taken meanwhile pairs the two
      this.size += data.length;
      this.checksums?.feed(data);
      batch.forEach((item, i) => {
        const place = placed[i] as { seq: number; offset: number; length: number };
        if (item.kind === 'event') {
          const { input } = item;
          const changes = applyEvent(this.state, {
            seq: place.seq,
            eventId: input.eventId,
            receivedAt: input.receivedAt,
            environment: input.environment,
            integrationId: input.integrationId,
            flags: input.flags,
            body: input.body,
            offset: place.offset,
            length: place.length,
          });
          this.onApplied?.(changes);
          item.resolve({ kind: 'stored', changes });
        } else {
          const event = applyRetry(this.state, item.eventId);
          this.onRetry?.(event);
          item.resolve({ kind: 'retry', event });
        }
      });
      this.linesSinceSnapshot += batch.length;
      this.lastBatchAt = Date.now();
      const everyLines = this.options.snapshotEveryLines ?? 10_000;
      const events = this.state.events.size;
      if (this.linesSinceSnapshot >= Math.max(4 * everyLines, events >> 2)) this.snapshotInBackground();
      else if (this.linesSinceSnapshot >= Math.max(everyLines, events >> 3)) this.snapshotWhenIdle();
    }
  }

  /**
   * Says that writes work again (log line, onWriteState(null)) once the last write succeeded and none failed
   * for StoreOptions.writeRecoveryMs; until then a timer checks again.
   */
  private announceRecovery(): void {
    const wait = this.lastWriteFailedAt + (this.options.writeRecoveryMs ?? WRITE_RECOVERY_MS) - Date.now();
    if (wait > 0) {
      this.recoveryTimer ??= setTimeout(() => {
        this.recoveryTimer = null;
        if (this.writeFailed && this.lastWriteOk && !this.closed) this.announceRecovery();
      }, wait).unref();
      return;
    }
    this.writeFailed = false;
    this.options.log.info('journal writes work again');
    this.onWriteState?.(null);
  }

  /** Cuts the journal back to its durable end after a failed write (the preallocated space goes with it). */
  private async truncateJournal(): Promise<void> {
    await this.space?.settle();
    await this.handle?.truncate(this.size);
    this.space?.truncated(this.size);
    this.needsTruncate = false;
  }

  /** Writes a snapshot once no batch has been committed for SNAPSHOT_IDLE_MS (one timer at a time). */
  private snapshotWhenIdle(): void {
    if (this.idleTimer) return;
    const check = (): void => {
      this.idleTimer = null;
      const quiet = Date.now() - this.lastBatchAt;
      if (quiet >= SNAPSHOT_IDLE_MS && !this.flushing && this.queue.length === 0) this.snapshotInBackground();
      else if (!this.closed) this.idleTimer = setTimeout(check, Math.max(1, SNAPSHOT_IDLE_MS - quiet)).unref();
    };
    this.idleTimer = setTimeout(check, SNAPSHOT_IDLE_MS).unref();
  }

  private snapshotInBackground(): void {
    if (this.snapshotting || this.closed) return;
    void this.snapshotNow().catch((e) => this.options.log.warn(`snapshot failed: ${(e as Error).message}`));
  }

  /** Runs `fn` with ingestion paused (after the current batch). */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusiveLock) await this.exclusiveLock;
    let release = (): void => {};
    this.exclusiveLock = new Promise<void>((resolve) => (release = resolve));
    try {
      await this.flushing;
      await this.snapshotting?.catch(() => {});
      return await fn();
    } finally {
      this.exclusiveLock = null;
      release();
      this.kick();
    }
  }

  /** Recovery at open (see the file's docstring). */
  private async recover(): Promise<void> {
    const { log, readOnly } = this.options;
    const journal = this.files.journal;
    const size = await stat(journal).then(
      (s) => s.size,
      () => null,
    );
    const snapshot = await loadSnapshot(this.files.snapshot).catch((e: Error) => ({ ok: false as const, error: e.message }));
    const readable = await this.openJournalFile(size);
    // where the journal's lines end: trailing zeros are preallocated space, never lines (journal-space.ts)
    const extent = readable ? await journalExtent(journal) : { size: 0, end: 0 };
    const covered = await this.coveredState(snapshot, extent.end, size);
    let replayed = readable ? await this.replay(covered.state, covered.start, covered.sums) : null;
    if (!readOnly && replayed && replayed.corrupt > 0) {
      await this.repairJournal(`${replayed.corrupt} unreadable journal line(s)`);
      replayed = await this.replay(new State(), this.headerBytes, new JournalChecksums(this.headerBytes));
    } else if (!readOnly && replayed?.tail) {
      const aside = `${journal}.torn-${Date.now()}`;
      await writeFile(aside, replayed.tail, { mode: 0o600 });
      await truncate(journal, replayed.end);
      await fsyncPath(journal);
      this.problem('torn-journal', `The journal ended with an incomplete line (${replayed.tail.length} bytes, an event that was never answered 200); it was set aside.`, aside);
    } else if (!readOnly && replayed && extent.size > replayed.end) {
      await truncate(journal, replayed.end); // zeros preallocated by a run that did not close (journal-space.ts)
    } else if (readOnly && replayed && replayed.corrupt > 0) {
      this.problem('corrupt-journal', `${replayed.corrupt} journal line(s) after byte ${covered.start.toLocaleString('en-US')} cannot be read; the events they held are left out.`, null, replayed.corrupt);
    }
    this.state = replayed?.state ?? new State();
    this.size = replayed?.end ?? 0;
    this.checksums = replayed?.sums ?? null;
    if (covered.stale) await this.reportLost(covered.stale);
    // The state is ahead of the snapshot by the replayed lines, or the snapshot/journal was set aside or
    // repaired: Store.open writes a fresh snapshot in the background, so the next start need not replay again.
    if (!readOnly) this.linesSinceSnapshot = Math.max(replayed?.lines ?? 0, this.problems.length > 0 ? 1 : 0);
    log.debug(`store opened: ${this.state.events.size} events, ${this.state.employees.size} employees, ${replayed?.lines ?? 0} journal lines replayed`);
  }

  /**
   * Makes the journal readable: creates it when absent or empty (a new header line; `journalWas` remembers
   * which, for the report), repairs it when its header is unreadable. False when read-only and there is no
   * journal to read.
   */
  private async openJournalFile(size: number | null): Promise<boolean> {
    const journal = this.files.journal;
    if (size === null || size === 0) {
      this.journalWas = size === null ? 'deleted' : 'emptied';
      if (this.options.readOnly) return false;
      // absent, or empty: also created so by a start that could not write its header line (a full disk)
      await writeFile(journal, headerLine(), { mode: 0o600, flag: size === null ? 'wx' : 'w' }).catch(async (error: unknown) => {
        await unlink(journal).catch(() => {});
        throw error;
      });
      await fsyncPath(journal);
      await fsyncPath(this.options.dataDir);
    }
    if (await this.readHeader()) return true;
    const { end } = await journalExtent(journal);
    if (end === 0) this.journalWas = 'zeroed';
    if (this.options.readOnly) return false; // nothing readable from a journal without a header
    const why = end === 0 ? `its ${(size ?? 0).toLocaleString('en-US')} bytes are all zero bytes, so nothing in it can be read` : 'the journal has no valid header line';
    await this.repairJournal(why);
    return true;
  }

  /**
   * Where replay starts: after the snapshot when it belongs to this journal and the journal reaches its
   * position (its checksums then verified in the background: verifyCovered), else from the first line; a
   * snapshot of a lost journal is kept as `stale`, to count what was lost; a corrupt one is set aside.
   */
  private async coveredState(snapshot: LoadedSnapshot, journalEnd: number, journalSize: number | null): Promise<Covered> {
    const fresh: Covered = { state: new State(), start: this.headerBytes, sums: new JournalChecksums(this.headerBytes), stale: null };
    if (snapshot.ok) {
      const { journalId, journalPosition, checksums } = snapshot.header;
      if (journalId === this.journalId && journalPosition <= journalEnd) {
        const resumed = JournalChecksums.resume(checksums, this.headerBytes, journalPosition);
        if (resumed && checksums) this.covered = { record: checksums, position: journalPosition };
        const sums = resumed ?? (await checksumRange(this.files.journal, this.headerBytes, journalPosition));
        return { state: snapshot.state, start: journalPosition, sums, stale: null };
      }
      if (journalId === this.journalId) {
        const why = `The journal ends at byte ${journalEnd.toLocaleString('en-US')}, before the ${journalPosition.toLocaleString('en-US')} bytes the state snapshot covers: its last events were cut off or overwritten with zeros`;
        return { ...fresh, stale: { state: snapshot.state, why, always: true } };
      }
      if (journalId !== this.previousJournalId) {
        const how = this.journalWas ?? `replaced by another (${(journalSize ?? 0).toLocaleString('en-US')} bytes)`;
        return { ...fresh, stale: { state: snapshot.state, why: `The journal was ${how} since the state snapshot was written`, always: false } };
      }
    } else if (await exists(this.files.snapshot)) {
      if (this.options.readOnly) {
        this.options.log.warn(`the snapshot file is corrupt (${snapshot.error}); reading the whole journal`);
      } else {
        const aside = `${this.files.snapshot}.corrupt-${Date.now()}`;
        await rename(this.files.snapshot, aside).catch(() => {});
        this.problem('corrupt-snapshot', `The state snapshot file is corrupt (${snapshot.error}); it was set aside as ${aside} and the state rebuilt from the journal.`, aside);
      }
    }
    return fresh;
  }

  /** Reports the events a snapshot names that the rebuilt state lacks; the snapshot is set aside (`.stale-<ms>`) as their record. */
  private async reportLost(stale: NonNullable<Covered['stale']>): Promise<void> {
    let lost = 0;
    for (const id of stale.state.events.keys()) if (!this.state.events.has(id)) lost++;
    if (lost === 0 && !stale.always) return;
    let aside: string | null = null;
    if (!this.options.readOnly) {
      aside = `${this.files.snapshot}.stale-${Date.now()}`;
      await rename(this.files.snapshot, aside).catch(() => (aside = null));
    }
    const total = stale.state.events.size;
    const message = `${stale.why}: ${lost.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} events the state snapshot names are not in the journal and are lost; the state was rebuilt from the ${this.state.events.size.toLocaleString('en-US')} events it holds${aside ? ` (the snapshot, which lists them, was set aside as ${aside})` : ''}.`;
    this.problem('corrupt-journal', message, aside, lost);
  }

  /**
   * Starts the background check of the journal bytes the snapshot covers (verifyCovered); `checkBody` tells
   * whether a stored body still matches its signature (true/false), or null when no key can say. Once per open.
   */
  checkIntegrity(checkBody: BodyCheck = () => null): Promise<void> {
    if (!this.options.readOnly && this.covered) this.integrityChecked = this.verifyCovered(this.covered, checkBody);
    this.covered = null;
    return this.integrityChecked;
  }

  /**
   * Reads the journal bytes the snapshot covers and compares their checksums (journal-checksums.ts); each
   * damaged range is reported as a problem with the events stored there: how many can no longer be read, how
   * many no longer match their signature, how many could not be checked (no key: `knit-sync fsck` says more).
   */
  private async verifyCovered(covered: { record: JournalChecksumRecord; position: number }, checkBody: BodyCheck): Promise<void> {
    const journalId = this.journalId;
    const cancelled = (): boolean => this.closed || this.journalId !== journalId;
    const mismatches = await verifyChecksums(this.files.journal, covered.record, covered.position, cancelled).catch((error: Error) => {
      this.options.log.warn(`the journal's checksums could not be checked: ${error.message}`);
      return null;
    });
    for (const range of mergeRanges(mismatches ?? [])) {
      const count = { affected: 0, unreadable: 0, altered: 0, unchecked: 0 };
      const ids: string[] = [];
      for (const meta of [...this.state.events.values()]) {
        if (meta.offset >= range.end || meta.offset + meta.length < range.start) continue;
        count.affected++;
        const read = await this.readEvent(meta);
        if (cancelled()) return;
        const readable = read !== null && read.line.eventId === meta.eventId && envelopeOf({ kind: 'event', ...read }) !== null;
        const verdict = readable ? checkBody(read.line, read.raw) : false;
        const kind = !readable ? 'unreadable' : verdict === false ? 'altered' : verdict === null ? 'unchecked' : null;
        if (kind) count[kind]++;
        if (kind && kind !== 'unchecked' && ids.length < 5) ids.push(meta.eventId);
      }
      this.problem('corrupt-journal', damageMessage(range, count, ids), null, count.unreadable + count.altered);
    }
  }

  /** Reads the journal's header line into journalId/headerBytes; false when it is not valid. */
  private async readHeader(): Promise<boolean> {
    const handle = await open(this.files.journal, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const nl = buffer.subarray(0, bytesRead).indexOf(10);
      const header = nl === -1 ? null : parseHeader(buffer.subarray(0, nl));
      if (!header) return false;
      this.journalId = header.journalId;
      this.previousJournalId = header.rewrittenFrom ?? null;
      this.headerBytes = nl + 1;
      return true;
    } finally {
      await handle.close();
    }
  }

  /** Replays journal lines from `start` into `state`, feeding their bytes to `sums`; counts the lines it could not use. */
  private async replay(
    state: State,
    start: number,
    sums: JournalChecksums,
  ): Promise<{ state: State; end: number; tail: Buffer | null; corrupt: number; lines: number; sums: JournalChecksums }> {
    let corrupt = 0;
    let lines = 0;
    const scan = await scanLines(this.files.journal, start, (bytes, offset) => {
      lines++;
      sums.feed(bytes);
      sums.feed(NEWLINE);
      const decoded = decodeLine(bytes);
      if (!this.applyLine(state, decoded, offset, bytes.length)) corrupt++;
    }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { end: start, tail: null };
      throw error;
    });
    return { state, end: scan.end, tail: scan.tail, corrupt, lines, sums };
  }

  /** Applies one decoded journal line; false when it is unusable. */
  private applyLine(state: State, decoded: JournalLine | null, offset: number, length: number): boolean {
    if (decoded === null) return false;
    if (decoded.kind === 'retry') {
      applyRetry(state, decoded.line.retryOf);
      return true;
    }
    const { line } = decoded;
    const body = envelopeOf(decoded);
    if (body === null) return false;
    if (state.events.has(line.eventId) || line.seq <= state.lastSeq) return true; // already in the snapshot
    applyEvent(state, {
      seq: line.seq,
      eventId: line.eventId,
      receivedAt: line.receivedAt,
      environment: line.environment,
      integrationId: line.integrationId,
      flags: line.flags,
      body,
      offset,
      length,
    });
    return true;
  }

  /** Rewrites the journal without the unreadable lines (set aside), keeping its header when valid. */
  private async repairJournal(why: string): Promise<void> {
    const aside = `${this.files.journal}.corrupt-${Date.now()}`;
    const { bad, badLines, kept } = await this.rewriteJournal((line) => line !== null, aside);
    const setAside = bad > 0 ? `${bad.toLocaleString('en-US')} bytes (${badLines.toLocaleString('en-US')} line(s), each an event or a redelivery count, now lost) were set aside` : 'nothing was set aside';
    this.problem('corrupt-journal', `The journal had unreadable parts (${why}); ${setAside} and the ${kept.toLocaleString('en-US')} readable line(s) kept.`, bad > 0 ? aside : null, badLines);
    if (bad === 0) await unlink(aside).catch(() => {});
  }

  /**
   * Rewrites the journal through a temp file, keeping the lines `keep` accepts (null = an unreadable line)
   * under a new header; unreadable lines go to `aside` when given. Renames over the journal and reopens it.
   */
  private async rewriteJournal(keep: (line: JournalLine | null) => boolean, aside?: string): Promise<{ bad: number; badLines: number; kept: number }> {
    const tmp = `${this.files.journal}.tmp`;
    const out = await open(tmp, 'w', 0o600);
    const badOut = aside ? await open(aside, 'w', 0o600) : null;
    let bad = 0;
    let badLines = 0;
    let kept = 0;
    let first = true;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flushOut = async (): Promise<void> => {
      if (pendingBytes > 0) await out.write(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    };
    try {
      const header = headerLine(this.journalId || undefined);
      pending.push(header);
      pendingBytes += header.length;
      const scan = await scanLines(this.files.journal, 0, async (bytes) => {
        const isHeader = first && parseHeader(bytes) !== null;
        first = false;
        if (isHeader) return;
        const decoded = decodeLine(bytes);
        const usable = decoded !== null && (decoded.kind === 'retry' || envelopeOf(decoded) !== null);
        if (!keep(usable ? decoded : null)) {
          if (!usable && badOut) {
            bad += bytes.length + 1;
            badLines++;
            await badOut.write(Buffer.concat([bytes, Buffer.from('\n')]));
          }
          return;
        }
        kept++;
        pending.push(bytes, NEWLINE);
        pendingBytes += bytes.length + 1;
        if (pendingBytes > 4 * 1024 * 1024) await flushOut();
      });
      if (scan.tail && badOut) {
        bad += scan.tail.length;
        badLines++;
        await badOut.write(scan.tail);
      }
      await flushOut();
      await out.sync();
    } finally {
      await out.close();
      await badOut?.close();
    }
    const hadHandle = this.handle !== null && !this.options.readOnly;
    await this.closeJournal();
    await rename(tmp, this.files.journal);
    await fsyncPath(this.options.dataDir);
    await this.readHeader();
    this.size = (await stat(this.files.journal)).size;
    if (hadHandle) await this.openForWriting();
    return { bad, badLines, kept };
  }

  /** Records a problem (logged, and handed to onProblem once open); `events` counts the stored events it cost (see `damage`). */
  private problem(kind: StoreProblem['kind'], message: string, setAsidePath: string | null, events?: number): void {
    this.options.log.warn(message);
    const problem: StoreProblem = { id: `${kind}-${Date.now()}-${this.problems.length}`, at: new Date().toISOString(), kind, message, setAsidePath };
    this.problems.push(problem);
    if (events !== undefined) this.damage.push({ events, message });
    this.onProblem?.(problem);
  }
}

const NEWLINE = Buffer.from('\n');

/** Where replay starts and from what state (Store.coveredState); `stale` is a snapshot whose journal was lost. */
interface Covered {
  state: State;
  start: number;
  sums: JournalChecksums;
  stale: { state: State; why: string; always: boolean } | null;
}

/** Whether a stored body still matches its stored signature: null when it cannot be checked (no key). */
export type BodyCheck = (line: JournalEventLine, raw: Buffer) => boolean | null;

/** The sentence of a damaged range of the journal (Store.verifyCovered). */
function damageMessage(range: ChecksumMismatch, count: { affected: number; unreadable: number; altered: number; unchecked: number }, ids: string[]): string {
  const where = `Journal bytes ${range.start.toLocaleString('en-US')}-${range.end.toLocaleString('en-US')} changed after they were written (their checksum no longer matches)`;
  if (count.affected === 0) return `${where}: no event is stored there, only redelivery counts.`;
  const parts: string[] = [];
  if (count.unreadable > 0) parts.push(`${count.unreadable} can no longer be read and are lost`);
  if (count.altered > 0) parts.push(`${count.altered} no longer match their signature (altered)`);
  if (count.unchecked > 0) parts.push(`${count.unchecked} could not be checked for want of their environment's key (knit-sync fsck checks them once it is set)`);
  const intact = count.affected - count.unreadable - count.altered - count.unchecked;
  if (intact > 0) parts.push(`${intact} are intact`);
  return `${where}: of the ${count.affected} events stored there, ${parts.join(', ')}${ids.length > 0 ? ` (${ids.join(', ')}${count.unreadable + count.altered > ids.length ? ', …' : ''})` : ''}.`;
}

/** Damaged ranges with adjacent ones joined (a line across two damaged chunks is one report). */
function mergeRanges(ranges: readonly ChecksumMismatch[]): ChecksumMismatch[] {
  const merged: ChecksumMismatch[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && last.end === r.start) last.end = r.end;
    else merged.push({ ...r });
  }
  return merged;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The parsed body of an event line: null when it is not a Knit envelope or names another eventId than its line. */
function envelopeOf(decoded: Extract<JournalLine, { kind: 'event' }>): EventEnvelope | null {
  const envelope = parseEnvelope(decoded.raw);
  return envelope.ok && envelope.event.eventId === decoded.line.eventId ? envelope.event : null;
}

/**
 * Calls each event's `onDurable` with its seq (see AcceptInput.onDurable); true when any was called, so that
 * the flush yields for the answers before applying the batch.
 */
function announceDurable(batch: readonly Pending[], placed: ReadonlyArray<{ seq: number }>): boolean {
  let announced = false;
  batch.forEach((item, i) => {
    if (item.kind === 'event' && item.input.onDurable) {
      item.input.onDurable((placed[i] as { seq: number }).seq);
      announced = true;
    }
  });
  return announced;
}

/** fsyncs a file or directory; ignored where the platform cannot (directories on Windows). */
async function fsyncPath(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}


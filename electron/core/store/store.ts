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
 * snapshot covers (cut, or its last lines zeroed) is read whole and the loss reported. Each is reported as a
 * StoreProblem. Zeros past the last line (the preallocated space of a run that did not close) are cut without
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
import { journalExtent, JournalSpace } from './journal-space';
import { scanLines } from './lines';
import { captureState, loadSnapshot, writeSnapshot } from './snapshot';

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

  private readonly files;
  private handle: FileHandle | null = null;
  /** The zeros ahead of the journal's end (null when read-only). */
  private space: JournalSpace | null = null;
  /** The journal handle has O_DSYNC: a write returns once its data is durable (else fdatasync follows it). */
  private syncedWrites = false;
  private journalId = '';
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
   */
  async forEachEvent(onLine: (line: JournalEventLine, raw: Buffer) => void | Promise<void>): Promise<void> {
    await scanLines(this.files.journal, 0, (bytes, offset) => {
      const decoded = decodeLine(bytes);
      if (decoded?.kind === 'event' && this.state.events.get(decoded.line.eventId)?.offset === offset) return onLine(decoded.line, decoded.raw);
    }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
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
      this.state = await this.replay(new State(), this.headerBytes).then((r) => r.state);
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
    const capture = captureState(this.state, this.journalId, this.size);
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
    // absent, or empty: created by a start that could not write its header line (a full disk)
    if (size === null || size === 0) {
      if (readOnly) return;
      await writeFile(journal, headerLine(), { mode: 0o600, flag: size === null ? 'wx' : 'w' }).catch(async (error: unknown) => {
        await unlink(journal).catch(() => {});
        throw error;
      });
      await fsyncPath(journal);
      await fsyncPath(this.options.dataDir);
    }
    if (!(await this.readHeader())) {
      if (readOnly) return; // nothing readable from a journal without a header
      await this.repairJournal('the journal has no valid header line');
    }

    let start = this.headerBytes;
    let state = new State();
    const snapshot = await loadSnapshot(this.files.snapshot).catch((e: Error) => ({ ok: false as const, error: e.message }));
    const snapshotExists = await stat(this.files.snapshot).then(
      () => true,
      () => false,
    );
    // where the journal's lines end: trailing zeros are preallocated space, never lines (journal-space.ts)
    const extent = await journalExtent(journal);
    if (snapshot.ok && snapshot.header.journalId === this.journalId && snapshot.header.journalPosition <= extent.end) {
      state = snapshot.state;
      start = snapshot.header.journalPosition;
    } else if (snapshot.ok && snapshot.header.journalId === this.journalId) {
      const lost = `The journal ends at byte ${extent.end.toLocaleString('en-US')}, before the ${snapshot.header.journalPosition.toLocaleString('en-US')} bytes the state snapshot covers: its last events were cut off or overwritten with zeros and are lost; the state was rebuilt from what the journal holds.`;
      if (readOnly) log.warn(lost);
      else this.problem('corrupt-journal', lost, null);
    } else if (!snapshot.ok && snapshotExists) {
      if (readOnly) {
        log.warn(`the snapshot file is corrupt (${snapshot.error}); reading the whole journal`);
      } else {
        const aside = `${this.files.snapshot}.corrupt-${Date.now()}`;
        await rename(this.files.snapshot, aside).catch(() => {});
        this.problem('corrupt-snapshot', `The state snapshot file is corrupt (${snapshot.error}); it was set aside as ${aside} and the state rebuilt from the journal.`, aside);
      }
    }

    let replayed = await this.replay(state, start);
    if (!readOnly && replayed.corrupt > 0) {
      await this.repairJournal(`${replayed.corrupt} unreadable journal line(s)`);
      replayed = await this.replay(new State(), this.headerBytes);
    } else if (!readOnly && replayed.tail !== null) {
      const aside = `${journal}.torn-${Date.now()}`;
      await writeFile(aside, replayed.tail, { mode: 0o600 });
      await truncate(journal, replayed.end);
      await fsyncPath(journal);
      this.problem('torn-journal', `The journal ended with an incomplete line (${replayed.tail.length} bytes, an event that was never answered 200); it was set aside.`, aside);
    } else if (!readOnly && extent.size > replayed.end) {
      await truncate(journal, replayed.end); // zeros preallocated by a run that did not close (journal-space.ts)
    }
    this.state = replayed.state;
    this.size = replayed.end;
    // The state is ahead of the snapshot by the replayed lines, or the snapshot/journal was set aside or
    // repaired: Store.open writes a fresh snapshot in the background, so the next start need not replay again.
    if (!readOnly) this.linesSinceSnapshot = Math.max(replayed.lines, this.problems.length > 0 ? 1 : 0);
    log.debug(`store opened: ${this.state.events.size} events, ${this.state.employees.size} employees, ${replayed.lines} journal lines replayed`);
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
      this.headerBytes = nl + 1;
      return true;
    } finally {
      await handle.close();
    }
  }

  /** Replays journal lines from `start` into `state`; counts the lines it could not use. */
  private async replay(state: State, start: number): Promise<{ state: State; end: number; tail: Buffer | null; corrupt: number; lines: number }> {
    let corrupt = 0;
    let lines = 0;
    const scan = await scanLines(this.files.journal, start, (bytes, offset) => {
      lines++;
      const decoded = decodeLine(bytes);
      if (!this.applyLine(state, decoded, offset, bytes.length)) corrupt++;
    }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { end: start, tail: null };
      throw error;
    });
    return { state, end: scan.end, tail: scan.tail, corrupt, lines };
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
    const { bad } = await this.rewriteJournal((line) => line !== null, aside);
    this.problem('corrupt-journal', `The journal had unreadable parts (${why}); ${bad} bytes were set aside and the readable events kept.`, aside);
  }

  /**
   * Rewrites the journal through a temp file, keeping the lines `keep` accepts (null = an unreadable line)
   * under a new header; unreadable lines go to `aside` when given. Renames over the journal and reopens it.
   */
  private async rewriteJournal(keep: (line: JournalLine | null) => boolean, aside?: string): Promise<{ bad: number }> {
    const tmp = `${this.files.journal}.tmp`;
    const out = await open(tmp, 'w', 0o600);
    const badOut = aside ? await open(aside, 'w', 0o600) : null;
    let bad = 0;
    let first = true;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flushOut = async (): Promise<void> => {
      if (pendingBytes > 0) await out.write(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    };
    try {
      const header = headerLine();
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
            await badOut.write(Buffer.concat([bytes, Buffer.from('\n')]));
          }
          return;
        }
        pending.push(bytes, Buffer.from('\n'));
        pendingBytes += bytes.length + 1;
        if (pendingBytes > 4 * 1024 * 1024) await flushOut();
      });
      if (scan.tail && badOut) {
        bad += scan.tail.length;
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
    return { bad };
  }

  private problem(kind: StoreProblem['kind'], message: string, setAsidePath: string | null): void {
    this.options.log.warn(message);
    this.problems.push({ id: `${kind}-${Date.now()}-${this.problems.length}`, at: new Date().toISOString(), kind, message, setAsidePath });
  }
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


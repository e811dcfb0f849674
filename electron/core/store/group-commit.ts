/**
 * The group commit of the JournalStore: `accept()` queues the event; one flush at a time, one event-loop turn
 * after the first queued event (so that the requests read in the same turn join it), writes every queued line
 * with one positional durable write (JournalFile.writeAtEnd) into space preallocated with zeros, then applies
 * the batch to the state in arrival order and resolves each caller. Requests arriving during a flush form the
 * next batch. A failed write rejects the whole batch with StoreWriteError, truncates the partial write away and
 * the next batch tries again (ARCHITECTURE.md "Store").
 */
import type { EventFlag } from '../../../shared/api/types';
import type { EventEnvelope } from '../../../shared/knit/events';
import { applyEvent, applyRetry, type AppliedChanges } from '../state/apply';
import type { EventMeta, State } from '../state/state';
import type { Logger } from '../log';
import type { JournalFile } from './journal-file';
import { encodeEventLine, encodeRetryLine } from './journal-format';
import type { SnapshotScheduler } from './snapshot-scheduler';
import type { WriteHealth } from './write-health';

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

/**
 * The snapshot file the state reads its text from was written in place by another program: its eventIds are
 * not those indexed, so a redelivery could not be told from a new event. Nothing is taken (503: Knit retries)
 * until a restart rebuilds the state.
 */
export class StateFileChangedError extends StoreWriteError {
  constructor(path: string) {
    super(new Error(`${path} was changed by another program while in use`));
    this.message = `The state cannot be trusted: ${path} was changed by another program while in use; restart to rebuild it`;
    this.name = 'StateFileChangedError';
  }
}

type Pending =
  | { kind: 'event'; input: AcceptInput; resolve: (r: AcceptResult) => void; reject: (e: Error) => void }
  | { kind: 'retry'; eventId: string; receivedAt: string; resolve: (r: AcceptResult) => void; reject: (e: Error) => void };

/** Where a batch's line went: its seq (events) and its byte range in the journal. */
type Placed = { seq: number; offset: number; length: number };

/** What the group commit needs of the store: the state it applies to, its callbacks, and whether it takes writes. */
export interface CommitHost {
  readonly state: State;
  readonly log: Logger;
  readonly onApplied: ((changes: AppliedChanges) => void) | null;
  readonly onRetry: ((event: EventMeta | null) => void) | null;
  /** Closed or read-only: accept() rejects. */
  refusesWrites(): boolean;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** The flush loop running, if any. */
  flushing: Promise<void> | null = null;
  /** Held while ingestion is paused (exclusive). */
  exclusiveLock: Promise<void> | null = null;

  constructor(
    private readonly host: CommitHost,
    private readonly journal: JournalFile,
    private readonly health: WriteHealth,
    private readonly snapshots: SnapshotScheduler,
  ) {}

  /**
   * Stores one event durably and applies it; a known eventId is counted as a retry instead.
   * @throws StoreWriteError when the journal cannot be written, StateFileChangedError when the state's snapshot
   *   file was written in place (nothing was stored or counted).
   */
  async accept(input: AcceptInput): Promise<AcceptResult> {
    if (this.host.refusesWrites()) throw new StoreWriteError(new Error('the store is closed'));
    const file = this.host.state.file;
    if (file?.changed()) throw new StateFileChangedError(file.path);
    const pending = this.inflight.get(input.eventId);
    if (pending) {
      await pending.catch(() => {});
      return this.accept(input);
    }
    const known = this.host.state.events.has(input.eventId);
    const promise = new Promise<AcceptResult>((resolve, reject) => {
      this.queue.push(
        known ? { kind: 'retry', eventId: input.eventId, receivedAt: input.receivedAt, resolve, reject } : { kind: 'event', input, resolve, reject },
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

  /** A batch is being written or waits. */
  isBusy(): boolean {
    return this.flushing !== null || this.queue.length > 0;
  }

  /** Waits until every queued event is committed (or failed) and no exclusive section runs. */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length > 0 || this.exclusiveLock) {
      await (this.flushing ?? this.exclusiveLock ?? Promise.resolve());
      if (!this.flushing && !this.exclusiveLock && this.queue.length > 0) this.kick();
    }
  }

  /** Runs `fn` with ingestion paused (after the current batch and the snapshot being written). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.exclusiveLock) await this.exclusiveLock;
    let release = (): void => {};
    this.exclusiveLock = new Promise<void>((resolve) => (release = resolve));
    try {
      await this.flushing;
      await this.snapshots.snapshotting?.catch(() => {});
      return await fn();
    } finally {
      this.exclusiveLock = null;
      release();
      this.kick();
    }
  }

  private kick(): void {
    if (!this.flushing && !this.exclusiveLock) {
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.kick();
      });
    }
  }

  /** The group commit loop: one durable write per batch. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.exclusiveLock) {
      // one event-loop turn before taking the batch: the requests read in the same poll phase join it instead
      // of waiting for a write of the first one alone (fewer, larger writes; the cost is one turn)
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.exclusiveLock) break;
      const batch = this.queue.splice(0);
      const placed: Placed[] = [];
      const data = this.encode(batch, placed);
      try {
        await this.journal.writeAtEnd(data);
      } catch (error) {
        this.journal.needsTruncate = true;
        await this.journal.truncate().catch(() => {});
        this.health.failed(error as Error);
        const failure = new StoreWriteError(error);
        for (const item of batch) item.reject(failure);
        continue;
      }
      this.health.succeeded();
      const { journal } = this;
      journal.space?.written(journal.size + data.length);
      journal.space?.ensureAhead(journal.size + data.length);
      if (announceDurable(batch, placed)) await new Promise((resolve) => setImmediate(resolve));
      // the applied end moves with the state, never before it: a snapshot taken meanwhile pairs the two
      journal.size += data.length;
      journal.checksums?.feed(data);
      this.apply(batch, placed);
      this.snapshots.committed(batch.length, this.host.state.events.size);
    }
  }

  /** Encodes the batch's journal lines after the durable end, filling `placed`; one buffer for one write. */
  private encode(batch: readonly Pending[], placed: Placed[]): Buffer {
    const buffers: Buffer[] = [];
    let seq = this.host.state.lastSeq;
    let offset = this.journal.size;
    for (const item of batch) {
      let buffer: Buffer;
      if (item.kind === 'event') {
        const { input } = item;
        seq++;
        buffer = encodeEventLine(
          {
            seq,
            eventId: input.eventId,
            receivedAt: input.receivedAt,
            environment: input.environment,
            integrationId: input.integrationId,
            headers: input.headers,
            flags: input.flags,
          },
          input.raw,
        );
      } else {
        buffer = encodeRetryLine({ retryOf: item.eventId, receivedAt: item.receivedAt });
      }
      placed.push({ seq, offset, length: buffer.length - 1 });
      buffers.push(buffer);
      offset += buffer.length;
    }
    return buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers);
  }

  /**
   * Applies a durable batch to the state in arrival order and resolves each caller. An item whose apply throws
   * (the snapshot file its text columns are read from was cut or removed: file-region.ts) is already in the
   * journal, so the next start has it; it is logged and settled (applyFailed), and the rest of the batch goes on.
   */
  private apply(batch: readonly Pending[], placed: readonly Placed[]): void {
    const { host } = this;
    batch.forEach((item, i) => {
      const place = placed[i] as Placed;
      try {
        if (item.kind === 'event') {
          const { input } = item;
          const changes = applyEvent(host.state, {
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
          host.onApplied?.(changes);
          item.resolve({ kind: 'stored', changes });
        } else {
          const event = applyRetry(host.state, item.eventId);
          host.onRetry?.(event);
          item.resolve({ kind: 'retry', event });
        }
      } catch (error) {
        this.applyFailed(item, place, error as Error);
      }
    });
  }

  /**
   * Settles an item that is in the journal but could not be applied: its seq is never given again (the journal
   * has it), a redelivery is answered as one (its retry line is written), an event's caller gets the error
   * (the listener already answered 200 from onDurable). The state misses it until the next start.
   */
  private applyFailed(item: Pending, place: Placed, error: Error): void {
    const { state, log } = this.host;
    state.lastSeq = Math.max(state.lastSeq, place.seq);
    const eventId = item.kind === 'event' ? item.input.eventId : item.eventId;
    log.error(`event ${eventId} is in the journal but could not be applied (restart to rebuild the state): ${error.message}`);
    if (item.kind === 'retry') item.resolve({ kind: 'retry', event: null });
    else item.reject(new Error(`Event ${eventId} is stored in the journal but could not be applied: ${error.message}`));
  }
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

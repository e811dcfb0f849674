/**
 * Batches the Companion's changes for subscribers (ARCHITECTURE.md "Live updates"): changes are collected
 * and flushed at most every FLUSH_MS as one UpdateBatch, never one callback per event. A later change of the
 * same employee, run or event replaces the earlier one within a batch.
 */
import type {
  CompanionStatus,
  EmployeeSummary,
  EventSummary,
  ForwardAttempt,
  ForwardTarget,
  RejectedDelivery,
  ReplayJob,
  RunSummary,
  Settings,
  SyncJob,
  UpdateBatch,
} from '../../../shared/api/types';
import type { UpdateListener } from '../../../shared/api/companion-api';
import { employeeKey } from '../../../shared/api/employee-key';
import type { ConnectView } from '../../../shared/api/connect';

export const FLUSH_MS = 16;

/** One field of the next batch: what `take()` returns goes into it (undefined: nothing pending). */
interface Slot<T> {
  take(): T | undefined;
}
/** Changes in arrival order. */
class ListSlot<T> implements Slot<T[]> {
  items: T[] = [];
  take(): T[] | undefined {
    const items = this.items;
    this.items = [];
    return items.length > 0 ? items : undefined;
  }
}
/** The latest change per key. */
class KeyedSlot<T> implements Slot<T[]> {
  items = new Map<string, T>();
  take(): T[] | undefined {
    const items = this.items;
    this.items = new Map();
    return items.size > 0 ? [...items.values()] : undefined;
  }
}
/** The latest value, computed when the batch is sent. */
class LatestSlot<T> implements Slot<T> {
  value: (() => T) | null = null;
  take(): T | undefined {
    const value = this.value;
    this.value = null;
    return value ? value() : undefined;
  }
}

/** The pending changes: the one list of the batch's fields (status and reset are flags, below). */
const newSlots = () =>
  ({
    events: new ListSlot<EventSummary>(),
    eventsChanged: new KeyedSlot<EventSummary>(),
    employees: new KeyedSlot<EmployeeSummary>(),
    runs: new KeyedSlot<RunSummary>(),
    rejected: new ListSlot<RejectedDelivery>(),
    jobs: new KeyedSlot<SyncJob>(),
    settings: new LatestSlot<Settings>(),
    forwards: new ListSlot<ForwardAttempt>(),
    forwardTargets: new LatestSlot<ForwardTarget[]>(),
    replays: new KeyedSlot<ReplayJob>(),
    connections: new LatestSlot<ConnectView>(),
  }) satisfies { [K in Exclude<keyof UpdateBatch, 'status' | 'reset'>]: Slot<NonNullable<UpdateBatch[K]>> };

export class UpdateBatcher {
  private readonly listeners = new Set<UpdateListener>();
  private readonly slots = newSlots();
  private statusDirty = false;
  private reset = false;
  private timer: NodeJS.Timeout | null = null;

  /** @param status computes the current status when a batch includes it. */
  constructor(private readonly status: () => CompanionStatus) {}

  /** Someone listens: worth building the summaries a batch carries. */
  get subscribed(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  event(e: EventSummary): void {
    if (this.listeners.size === 0) return;
    this.slots.events.items.push(e);
    this.touch(true);
  }
  eventChanged(e: EventSummary): void {
    if (this.listeners.size === 0) return;
    // Still pending as new (a batch holds a few dozen at most): send it once, with its retry count.
    const fresh = this.slots.events.items.findIndex((x) => x.eventId === e.eventId);
    if (fresh !== -1) this.slots.events.items[fresh] = e;
    else this.slots.eventsChanged.items.set(e.eventId, e);
    this.touch(true);
  }
  employee(e: EmployeeSummary): void {
    if (this.listeners.size === 0) return;
    this.slots.employees.items.set(employeeKey(e.integrationId, e.recordId), e);
    this.touch(false);
  }
  run(r: RunSummary): void {
    if (this.listeners.size === 0) return;
    this.slots.runs.items.set(r.syncRunId, r);
    this.touch(false);
  }
  rejection(r: RejectedDelivery): void {
    if (this.listeners.size === 0) return;
    this.slots.rejected.items.push(r);
    this.touch(true);
  }
  /** A sync job changed (started, updated, paused, resumed, marked stale). */
  job(j: SyncJob): void {
    if (this.listeners.size === 0) return;
    this.slots.jobs.items.set(j.integrationId, j);
    this.touch(false);
  }
  settingsChanged(s: Settings): void {
    if (this.listeners.size === 0) return;
    this.slots.settings.value = () => s;
    this.touch(true);
  }
  statusChanged(): void {
    this.touch(true);
  }
  forwardAttempt(a: ForwardAttempt): void {
    if (this.listeners.size === 0) return;
    this.slots.forwards.items.push(a);
    this.touch(false);
  }
  /** The forward targets changed; `current` is read once, when the batch is sent. */
  forwardTargetsChanged(current: () => ForwardTarget[]): void {
    if (this.listeners.size === 0) return;
    this.slots.forwardTargets.value = current;
    this.touch(false);
  }
  replay(job: ReplayJob): void {
    if (this.listeners.size === 0) return;
    this.slots.replays.items.set(job.replayId, job);
    this.touch(false);
  }
  /** Connected integrations or connect settings changed: the whole view. */
  connectionsChanged(view: ConnectView): void {
    if (this.listeners.size === 0) return;
    this.slots.connections.value = () => view;
    this.touch(false);
  }
  /** Stored data was purged: subscribers drop their copies and query again. */
  purged(): void {
    if (this.listeners.size === 0) return;
    this.reset = true;
    for (const slot of [this.slots.events, this.slots.eventsChanged, this.slots.employees, this.slots.runs]) slot.take();
    this.touch(true);
  }

  /** Sends what is pending now (also used at close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch: Record<string, unknown> & UpdateBatch = {};
    if (this.reset) batch.reset = true;
    for (const [field, slot] of Object.entries(this.slots)) {
      const value = slot.take();
      if (value !== undefined) batch[field] = value;
    }
    if (this.statusDirty) batch.status = this.status();
    this.statusDirty = false;
    this.reset = false;
    if (Object.keys(batch).length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // a failing subscriber must not stop the others
      }
    }
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }

  private touch(status: boolean): void {
    if (this.listeners.size === 0) return;
    if (status) this.statusDirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }
}

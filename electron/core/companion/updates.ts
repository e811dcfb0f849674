/**
 * Batches the Companion's changes for subscribers (../shared/DESIGN.md "Live updates"): changes are collected
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
import type { ConnectView } from '../../../shared/api/connect';

export const FLUSH_MS = 16;

export class UpdateBatcher {
  private readonly listeners = new Set<UpdateListener>();
  private events: EventSummary[] = [];
  private eventsChanged = new Map<string, EventSummary>();
  private employees = new Map<string, EmployeeSummary>();
  private employeesRemoved: Array<{ integrationId: string; recordId: string }> = [];
  private runs = new Map<string, RunSummary>();
  private rejected: RejectedDelivery[] = [];
  private jobs = new Map<string, SyncJob>();
  private settings: Settings | null = null;
  private forwards: ForwardAttempt[] = [];
  private forwardTargets: (() => ForwardTarget[]) | null = null;
  private replays = new Map<string, ReplayJob>();
  private connections: ConnectView | null = null;
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
    this.events.push(e);
    this.touch(true);
  }
  eventChanged(e: EventSummary): void {
    if (this.listeners.size === 0) return;
    // Still pending as new (a batch holds a few dozen at most): send it once, with its retry count.
    const fresh = this.events.findIndex((x) => x.eventId === e.eventId);
    if (fresh !== -1) this.events[fresh] = e;
    else this.eventsChanged.set(e.eventId, e);
    this.touch(true);
  }
  employee(e: EmployeeSummary): void {
    if (this.listeners.size === 0) return;
    this.employees.set(`${e.integrationId}\u0000${e.recordId}`, e);
    this.touch(false);
  }
  run(r: RunSummary): void {
    if (this.listeners.size === 0) return;
    this.runs.set(r.syncRunId, r);
    this.touch(false);
  }
  rejection(r: RejectedDelivery): void {
    if (this.listeners.size === 0) return;
    this.rejected.push(r);
    this.touch(true);
  }
  /** A sync job changed (started, updated, paused, resumed, marked stale). */
  job(j: SyncJob): void {
    if (this.listeners.size === 0) return;
    this.jobs.set(j.integrationId, j);
    this.touch(false);
  }
  settingsChanged(s: Settings): void {
    if (this.listeners.size === 0) return;
    this.settings = s;
    this.touch(true);
  }
  statusChanged(): void {
    this.touch(true);
  }
  forwardAttempt(a: ForwardAttempt): void {
    if (this.listeners.size === 0) return;
    this.forwards.push(a);
    this.touch(false);
  }
  /** The forward targets changed; `current` is read once, when the batch is sent. */
  forwardTargetsChanged(current: () => ForwardTarget[]): void {
    if (this.listeners.size === 0) return;
    this.forwardTargets = current;
    this.touch(false);
  }
  replay(job: ReplayJob): void {
    if (this.listeners.size === 0) return;
    this.replays.set(job.replayId, job);
    this.touch(false);
  }
  /** Connected integrations or connect settings changed: the whole view. */
  connectionsChanged(view: ConnectView): void {
    if (this.listeners.size === 0) return;
    this.connections = view;
    this.touch(false);
  }
  /** Stored data was purged: subscribers drop their copies and query again. */
  purged(): void {
    if (this.listeners.size === 0) return;
    this.reset = true;
    this.events = [];
    this.eventsChanged.clear();
    this.employees.clear();
    this.runs.clear();
    this.touch(true);
  }

  /** Sends what is pending now (also used at close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch: UpdateBatch = {};
    if (this.reset) batch.reset = true;
    if (this.events.length) batch.events = this.events;
    if (this.eventsChanged.size) batch.eventsChanged = [...this.eventsChanged.values()];
    if (this.employees.size) batch.employees = [...this.employees.values()];
    if (this.employeesRemoved.length) batch.employeesRemoved = this.employeesRemoved;
    if (this.runs.size) batch.runs = [...this.runs.values()];
    if (this.rejected.length) batch.rejected = this.rejected;
    if (this.jobs.size) batch.jobs = [...this.jobs.values()];
    if (this.settings) batch.settings = this.settings;
    if (this.forwards.length) batch.forwards = this.forwards;
    if (this.forwardTargets) batch.forwardTargets = this.forwardTargets();
    if (this.replays.size) batch.replays = [...this.replays.values()];
    if (this.connections) batch.connections = this.connections;
    if (this.statusDirty) batch.status = this.status();
    this.events = [];
    this.eventsChanged = new Map();
    this.employees = new Map();
    this.employeesRemoved = [];
    this.runs = new Map();
    this.rejected = [];
    this.jobs = new Map();
    this.settings = null;
    this.forwards = [];
    this.forwardTargets = null;
    this.replays = new Map();
    this.connections = null;
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

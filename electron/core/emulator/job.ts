/**
 * One emulated Knit sync job: an integration's company, its subscription (models, frequency, destination), and
 * its runs. Runs of a job are delivered one after another; after each, a `delta_sync` is scheduled every
 * `deltaEverySeconds` unless the job is paused. Knit's rules (employee sync guide): `sync.start` starts an
 * initial sync each time; `sync.update` starts one only when the models change.
 */
import type { EmployeeModelId, SyncFrequency } from '../../../shared/knit/models';
import type { Company } from './company';
import { advanceCompany, initialChanges, type ChangeList, type DeltaSize } from './deltas';
import { deliverRun, type DeliveryOptions, type RunResult } from './delivery';
import { knitId } from './ids';
import type { ScenarioEffect } from './scenarios/scenarios';

/** What a job delivers and where: the `sync.start` / `sync.update` fields. */
export interface Subscription {
  models: EmployeeModelId[];
  frequency: SyncFrequency;
  destination: string;
  /** `sync.start` option: initial syncs also carry employees who left (inactive). */
  includeInactiveRecords?: boolean;
}

/** The integration, key, company and schedule of one emulated job. */
export interface EmulatedJobOptions {
  integrationId: string;
  /** Signs every delivery. */
  apiKey: string;
  company: Company;
  subscription: Subscription;
  /** Seconds between delta runs; null or 0: no deltas. */
  deltaEverySeconds: number | null;
  deltaSize?: DeltaSize;
  delivery?: DeliveryOptions;
  /** Called when a run ends. */
  onRun?: (result: RunResult) => void;
  /** The job's id; default a random `sj_…`. */
  syncJobId?: string;
  /** Rewrites each run's record events before delivery (a scenario: emulator/scenarios/). */
  shapeChanges?: (changes: ChangeList, syncType: 'initial_sync' | 'delta_sync') => ChangeList;
  /** The scenarios chosen now (the demo's Scenario menu), read as each run starts: its changes, faults and retry apply to that run. */
  scenario?: () => ScenarioEffect | undefined;
  /** Called when a run could not be prepared (a bug: deliveries themselves never throw). */
  onError?: (error: unknown) => void;
}

/** One integration's sync job at the emulated Knit; runs are delivered one at a time, in order. */
export class EmulatedJob {
  readonly syncJobId: string;
  readonly integrationId: string;
  subscription: Subscription;
  paused = false;
  /** Every run that ended, oldest first. */
  readonly runs: RunResult[] = [];
  /** Runs started, by type (queued ones included). */
  initialSyncs = 0;
  deltaSyncs = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: EmulatedJobOptions) {
    this.integrationId = options.integrationId;
    this.syncJobId = options.syncJobId ?? knitId('sj');
    this.subscription = options.subscription;
  }

  /** The integration's company as it is now (deltas change it). */
  get company(): Company {
    return this.options.company;
  }

  /** Queues an initial sync of every active employee. @returns its syncRunId. */
  startInitialSync(): string {
    this.initialSyncs++;
    return this.enqueue('initial_sync');
  }

  /** Queues a delta sync (the company moves forward when it starts). @returns its syncRunId. */
  startDeltaSync(): string {
    this.deltaSyncs++;
    return this.enqueue('delta_sync');
  }

  /**
   * Applies `sync.update`. @returns whether it started an initial sync (only a change of models does).
   */
  update(change: Partial<Subscription>): { initialSync: boolean; syncRunId: string | null } {
    const modelsChanged = change.models !== undefined && !sameSet(change.models, this.subscription.models);
    this.subscription = { ...this.subscription, ...definedOnly(change) };
    return modelsChanged ? { initialSync: true, syncRunId: this.startInitialSync() } : { initialSync: false, syncRunId: null };
  }

  /** `sync.pause`: no more delta runs (a run in flight finishes). */
  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  /** `sync.resume`: delta runs again. */
  resume(): void {
    this.paused = false;
    if (this.pending === 0) this.schedule();
  }

  /** Resolves once no run is queued or in flight. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /** Stops the deltas and aborts the run in flight. */
  close(): void {
    this.clearTimer();
    this.abort.abort();
  }

  private enqueue(syncType: 'initial_sync' | 'delta_sync'): string {
    const syncRunId = knitId('sr');
    this.clearTimer();
    this.pending++;
    this.queue = this.queue.then(async () => {
      try {
        if (this.abort.signal.aborted) return;
        const company = this.company;
        const subscription = this.subscription;
        const scenario = this.options.scenario?.();
        const models = scenario?.models ? [...scenario.models] : subscription.models;
        const generated =
          syncType === 'initial_sync'
            ? initialChanges(company, models, subscription.includeInactiveRecords || scenario?.includeInactiveRecords)
            : advanceCompany(company, models, this.options.deltaSize);
        const shaped = this.options.shapeChanges?.(generated, syncType) ?? generated;
        const changes = scenario?.changes ? scenario.changes(shaped) : shaped;
        const delivery = this.options.delivery;
        const result = await deliverRun({
          ...delivery,
          ...(scenario && {
            faults: { ...delivery?.faults, ...scenario.faults },
            retry: { ...delivery?.retry, ...scenario.retry },
            ...(scenario.sequential && { concurrency: 1 }),
          }),
          signal: this.abort.signal,
          destination: subscription.destination,
          apiKey: this.options.apiKey,
          integrationId: this.integrationId,
          syncJobId: this.syncJobId,
          syncRunId,
          syncType,
          changes,
          processed: syncType === 'initial_sync' ? changes.length : company.employees.size,
        });
        this.runs.push(result);
        this.options.onRun?.(result);
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        this.pending--;
        if (this.pending === 0) this.schedule();
      }
    });
    return syncRunId;
  }

  private schedule(): void {
    const every = this.options.deltaEverySeconds;
    if (this.paused || !every || this.abort.signal.aborted || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.paused) this.startDeltaSync();
    }, every * 1000);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * `SyncJobs`: starts, updates, pauses and resumes Knit employee syncs and keeps one job per integration
 * (syncJobId, environment, models, frequency, destination, state, times, initial syncs, staleness, last error).
 * Knit's rules (employee sync guide, shared/knit/README.md "Sync API"): `sync.start` is idempotent (same
 * syncJobId) but starts a new initial sync each time; `sync.update` starts one only when the models change.
 * Operations run one at a time, so concurrent calls never lose each other's changes.
 */
import type { StartSyncInput, UpdateSyncInput } from '../../../shared/api/companion-api';
import type { SyncJob } from '../../../shared/api/types';
import { KnitClient, type KnitSyncApi } from '../knit/client';
import { SyncJobError, type SyncJobsDeps } from './types';

/** The sync-job service the Companion holds one of; see the file comment and SyncJobsDeps. */
export class SyncJobs {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SyncJobsDeps) {}

  /** Every saved job. */
  list(): SyncJob[] {
    return this.deps.loadJobs();
  }

  /**
   * `sync.start` for the integration; the destination defaults to the public webhook URL.
   * @returns the saved job: the same syncJobId as before with `initialSyncs` + 1 when restarted.
   * @throws SyncJobError before calling Knit, KnitApiError from Knit (also saved as the job's `lastError`).
   */
  start(input: StartSyncInput): Promise<SyncJob> {
    return this.serially(async () => {
      const existing = this.find(input.integrationId);
      const environment = input.environment ?? existing?.environment ?? this.deps.defaultEnvironment(input.integrationId);
      const api = await this.knitApi(environment, input.integrationId);
      const dashboard = input.dashboardWebhook === true;
      const destination = input.destination ?? this.deps.publicWebhookUrl();
      if (!destination && !dashboard) {
        throw new SyncJobError('no-destination', 'There is no webhook URL for Knit to call yet: start the tunnel, set a public URL, or give a destination.');
      }
      const { syncJobId } = await this.recordingErrors(existing, () =>
        api.syncStart({
          models: input.models,
          ...(!dashboard && { frequency: input.frequency, destination: destination! }),
          ...(input.syncType && { syncType: input.syncType }),
          ...(input.honorScheduler !== undefined && { honorScheduler: input.honorScheduler }),
          ...(input.includeInactiveRecords !== undefined && { includeInactiveRecords: input.includeInactiveRecords }),
          ...(input.startHour !== undefined && { startHour: input.startHour, startMinute: input.startMinute }),
        }),
      );
      const now = this.now();
      const sameJob = existing !== undefined && existing.syncJobId === syncJobId && existing.environment === environment;
      const initial = input.syncType === 'delta_sync' ? 0 : 1;
      return this.save({
        integrationId: input.integrationId,
        environment,
        syncJobId,
        models: [...input.models],
        frequency: input.frequency,
        // a dashboard start: the URL to register in Knit's dashboard, as far as we know it
        destination: destination ?? '',
        state: 'active',
        ...(dashboard && { dashboardWebhook: true }),
        startedAt: sameJob ? existing.startedAt : now,
        updatedAt: now,
        initialSyncs: (sameJob ? existing.initialSyncs : 0) + initial,
        stale: dashboard || !destination ? null : this.staleness(destination, null),
        lastError: null,
      });
    });
  }

  /**
   * `sync.update` with the given fields only. A models change counts as a new initial sync; a destination or
   * frequency change does not.
   */
  update(input: UpdateSyncInput): Promise<SyncJob> {
    return this.serially(() => this.updateJob(input));
  }

  /** `sync.pause`: the job stays, no more runs until resumed. */
  pause(input: { integrationId: string }): Promise<SyncJob> {
    return this.serially(async () => {
      const job = this.require(input.integrationId);
      const api = await this.knitApi(job.environment, job.integrationId);
      await this.recordingErrors(job, () => api.syncPause({ syncJobId: job.syncJobId }));
      return this.save({ ...job, state: 'paused', updatedAt: this.now(), lastError: null });
    });
  }

  /** `sync.resume`. */
  resume(input: { integrationId: string }): Promise<SyncJob> {
    return this.serially(async () => {
      const job = this.require(input.integrationId);
      const api = await this.knitApi(job.environment, job.integrationId);
      await this.recordingErrors(job, () => api.syncResume({ syncJobId: job.syncJobId }));
      return this.save({ ...job, state: 'active', updatedAt: this.now(), lastError: null });
    });
  }

  /**
   * Call when the public webhook URL changes (tunnel up, new tunnel URL, manual URL edited). Jobs whose
   * destination differs are marked `stale: {destination, current}` (or cleared when they match again); with
   * `autoUpdateDestination()`, each stale job gets `sync.update` with only the destination (no initial sync),
   * and a failure is kept as its `lastError`. A null URL (tunnel down) leaves the marks as they are.
   * Never rejects.
   */
  onPublicUrlChanged(url: string | null): Promise<void> {
    return this.serially(async () => {
      if (url === null) return;
      const changed: SyncJob[] = [];
      let jobs = this.deps.loadJobs();
      for (const job of jobs) {
        if (job.dashboardWebhook) continue; // Knit's dashboard holds its URL: Setup warns when the tunnel moved
        const stale = this.staleness(job.destination, job.stale, url);
        if (JSON.stringify(stale) !== JSON.stringify(job.stale)) changed.push({ ...job, stale });
      }
      if (changed.length > 0) {
        jobs = jobs.map((job) => changed.find((c) => c.integrationId === job.integrationId) ?? job);
        await this.deps.saveJobs(jobs);
        this.deps.emit(changed);
      }
      if (!this.deps.autoUpdateDestination()) return;
      for (const job of jobs.filter((j) => j.stale)) {
        try {
          await this.updateJob({ integrationId: job.integrationId, destination: url }, url);
          this.deps.log?.(`sync job ${job.syncJobId} (${job.integrationId}): destination updated to ${url}`);
        } catch (error) {
          this.deps.log?.(`sync job ${job.syncJobId} (${job.integrationId}): ${message(error)}`);
        }
      }
    });
  }

  /** `current`: the public webhook URL, when the caller knows it better than `publicWebhookUrl()`. */
  private async updateJob(input: UpdateSyncInput, current = this.deps.publicWebhookUrl()): Promise<SyncJob> {
    const job = this.require(input.integrationId);
    if (!input.models && !input.frequency && !input.destination) {
      throw new SyncJobError('nothing-to-update', 'Nothing to update: give models, a frequency or a destination.');
    }
    const api = await this.knitApi(job.environment, job.integrationId);
    await this.recordingErrors(job, () =>
      api.syncUpdate({
        syncJobId: job.syncJobId,
        ...(input.models && { models: input.models }),
        ...(input.frequency && { frequency: input.frequency }),
        ...(input.destination && { destination: input.destination }),
      }),
    );
    const modelsChanged = input.models !== undefined && !sameSet(input.models, job.models);
    const destination = input.destination ?? job.destination;
    return this.save({
      ...job,
      models: input.models ? [...input.models] : job.models,
      frequency: input.frequency ?? job.frequency,
      destination,
      updatedAt: this.now(),
      initialSyncs: job.initialSyncs + (modelsChanged ? 1 : 0),
      stale: this.staleness(destination, job.stale, current),
      lastError: null,
    });
  }

  /** Runs `task` after every earlier operation, whatever their outcome. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private find(integrationId: string): SyncJob | undefined {
    return this.deps.loadJobs().find((job) => job.integrationId === integrationId);
  }

  private require(integrationId: string): SyncJob {
    const job = this.find(integrationId);
    if (!job) throw new SyncJobError('no-job', `There is no sync job for integration ${integrationId}: start a sync first.`);
    return job;
  }

  private async knitApi(name: string, integrationId: string): Promise<KnitSyncApi> {
    const environment = await this.deps.environment(name);
    if (!environment) throw new SyncJobError('unknown-environment', `There is no environment named ${name}.`);
    const { apiKey } = environment;
    if (!apiKey) throw new SyncJobError('no-api-key', `No API key is set for the ${name} environment.`);
    if (this.deps.knitApi) return this.deps.knitApi({ ...environment, apiKey }, integrationId);
    return new KnitClient({
      baseUrl: environment.baseUrl,
      apiKey,
      integrationId,
      environment: name,
      ...(this.deps.log && { log: this.deps.log }),
    });
  }

  /** Runs a Knit call; on failure saves its sentence as the job's `lastError` and rethrows. */
  private async recordingErrors<T>(job: SyncJob | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (job) await this.save({ ...job, lastError: message(error) });
      throw error;
    }
  }

  /** Saves `job` in place of the integration's job (or adds it), emits it, and returns it. */
  private async save(job: SyncJob): Promise<SyncJob> {
    const others = this.deps.loadJobs().filter((j) => j.integrationId !== job.integrationId);
    await this.deps.saveJobs([...others, job]);
    this.deps.emit([job]);
    return job;
  }

  /**
   * The stale mark of a destination against `current` (default: the public webhook URL now). With no known
   * public URL, `fallback` is kept.
   */
  private staleness(destination: string, fallback: SyncJob['stale'], current = this.deps.publicWebhookUrl()): SyncJob['stale'] {
    if (current === null) return fallback;
    return destination === current ? null : { destination, current };
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

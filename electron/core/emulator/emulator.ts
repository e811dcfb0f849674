/**
 * The Knit emulator, as the product ships it: Knit's sync API on loopback (api-server.ts) over one generated
 * company per integration (company.ts), delivering runs like Knit (delivery.ts). `knit-sync demo` embeds it as
 * the API of a custom environment; tests use it as Knit. One API key both authenticates calls to it and signs
 * its deliveries, as with Knit (shared/knit/README.md "Webhook delivery").
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createKnitApiServer,
  EMULATOR_API_BASE_PATH,
  FaultQueue,
  KnitCallError,
  type KnitSyncBackend,
  type SyncStartBody,
  type SyncUpdateBody,
} from './api-server';
import { AuthSessions, componentRoutes } from './auth-session';
import { Company } from './company';
import { combineScenarios, type Scenario } from './scenarios/scenarios';
import type { DeltaSize } from './deltas';
import type { DeliveryOptions, RunResult } from './delivery';
import { stableSyncJobId } from './ids';
import { EmulatedJob, type Subscription } from './job';

/** The company, the key and the delivery behaviour of an emulator. */
export interface EmulatorOptions {
  /** The only key the API accepts; it also signs every delivery. */
  apiKey: string;
  /** Employees of each integration's company (default 100). */
  employees?: number;
  /** The company seed (default 1): the same seed gives the same company and the same deltas. */
  seed?: number;
  /** Seconds between delta runs after a run ends (default 300); null or 0 for none. */
  deltaEverySeconds?: number | null;
  deltaSize?: DeltaSize;
  /** Concurrency, timeouts, retry policy and progress callback of the deliveries. */
  delivery?: Omit<DeliveryOptions, 'signal'>;
  /** Called when a run ends. */
  onRun?: (result: RunResult) => void;
  /** One line per API call (never the key). */
  log?: (line: string) => void;
}

/** Where the API server listens. */
export interface ListenOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1; the emulator is for this machine only. */
  host?: string;
}

/** A started emulator: the base URL to configure as a custom environment, and how to stop it. */
export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234/v1.0`. */
  baseUrl: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** The emulated Knit: one job and one company per integration, answering the sync calls of the API server. */
export class Emulator implements KnitSyncBackend {
  /** Test hook: failures to inject into the next API answers. */
  readonly faults = new FaultQueue();
  private readonly jobs = new Map<string, EmulatedJob>();
  private server: Server | null = null;
  /** The webhook registered in the emulated dashboard: where a `sync.start` without destination delivers. */
  webhookUrl: string | null = null;
  /**
   * The scenarios of the next runs (the demo's Scenario menu): each run reads them as it starts, so a change
   * applies from the next sync or delta. Their company changes (`prepareCompany`) apply to jobs created later.
   */
  scenarios: readonly Scenario[] = [];
  /** The UI component's sessions and the integrations connected through it (auth-session.ts). */
  readonly auth: AuthSessions;

  constructor(private readonly options: EmulatorOptions) {
    this.auth = new AuthSessions({ apiKey: options.apiKey, webhookUrl: () => this.webhookUrl, log: options.log });
  }

  /** Creates an emulator and starts its API server. */
  static async start(options: EmulatorOptions & ListenOptions): Promise<RunningEmulator> {
    const emulator = new Emulator(options);
    const baseUrl = await emulator.listen(options);
    return { baseUrl, emulator, close: () => emulator.close() };
  }

  /** Starts the API server. @returns its base URL. */
  async listen(listen: ListenOptions = {}): Promise<string> {
    const server = createKnitApiServer({
      backend: this,
      apiKey: this.options.apiKey,
      faults: this.faults,
      log: this.options.log,
      routes: componentRoutes(this.auth, this.options.apiKey),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${port}${EMULATOR_API_BASE_PATH}`;
  }

  /** The job of an integration, once `sync.start` was called for it. */
  job(integrationId: string): EmulatedJob | undefined {
    return this.jobs.get(integrationId);
  }

  /** Resolves once no run of any job is queued or in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.idle()));
  }

  /** Stops the deltas, aborts runs in flight and closes the API server. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.close();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** `sync.start`: the integration's job (created once), a new run (initial unless `syncType` says delta). */
  syncStart(integrationId: string, body: SyncStartBody): Record<string, unknown> {
    const destination = body.destination ?? this.webhookUrl;
    if (!destination) throw new KnitCallError(400, 'No destination given and no webhook registered in the dashboard');
    const subscription = {
      models: body.models,
      frequency: body.frequency ?? 'standard',
      destination,
      includeInactiveRecords: body.includeInactiveRecords ?? false,
    };
    let job = this.jobs.get(integrationId);
    if (job) job.subscription = subscription;
    else job = this.createJob(integrationId, subscription);
    job.resume();
    const syncRunId = body.syncType === 'delta_sync' ? job.startDeltaSync() : job.startInitialSync();
    return { syncJobId: job.syncJobId, syncRunId };
  }

  /** `sync.update`: a models change starts an initial sync; destination or frequency alone does not. */
  syncUpdate(integrationId: string, body: SyncUpdateBody): Record<string, unknown> {
    const job = this.jobFor(integrationId, body.syncJobId);
    const { syncRunId } = job.update({ models: body.models, frequency: body.frequency, destination: body.destination });
    return syncRunId ? { syncJobId: job.syncJobId, syncRunId } : { syncJobId: job.syncJobId };
  }

  syncPause(integrationId: string, syncJobId: string): Record<string, unknown> {
    this.jobFor(integrationId, syncJobId).pause();
    return { syncJobId, status: 'paused' };
  }

  syncResume(integrationId: string, syncJobId: string): Record<string, unknown> {
    this.jobFor(integrationId, syncJobId).resume();
    return { syncJobId, status: 'active' };
  }

  /**
   * Re-creates an integration's job as Knit still holds it after this emulator restarted (the demo restores the
   * jobs its data folder saved): no run starts; deltas resume unless `paused`. The company is the seed's again.
   */
  restoreJob(integrationId: string, subscription: Subscription, paused: boolean): EmulatedJob {
    const job = this.jobs.get(integrationId) ?? this.createJob(integrationId, subscription);
    if (paused) job.pause();
    else job.resume();
    return job;
  }

  private createJob(integrationId: string, subscription: Subscription): EmulatedJob {
    const company = new Company({ seed: this.options.seed ?? 1, employees: this.options.employees ?? 100 });
    for (const scenario of this.scenarios) scenario.prepareCompany?.(company);
    const job = new EmulatedJob({
      integrationId,
      syncJobId: stableSyncJobId(this.options.apiKey, integrationId),
      apiKey: this.options.apiKey,
      company,
      subscription,
      deltaEverySeconds: this.options.deltaEverySeconds === undefined ? 300 : this.options.deltaEverySeconds,
      deltaSize: this.options.deltaSize,
      delivery: this.options.delivery,
      scenario: () => (this.scenarios.length > 0 ? combineScenarios(this.scenarios) : undefined),
      onRun: this.options.onRun,
      onError: (error) => this.options.log?.(`knit emulator: run of ${integrationId} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.jobs.set(integrationId, job);
    return job;
  }

  private jobFor(integrationId: string, syncJobId: string): EmulatedJob {
    const job = this.jobs.get(integrationId);
    if (!job || job.syncJobId !== syncJobId) {
      throw new KnitCallError(404, `sync job ${syncJobId} not found for integration ${integrationId}`);
    }
    return job;
  }
}

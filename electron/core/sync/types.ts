/**
 * The boundary of the SyncJobs service: what it needs from the Companion that holds it. The Companion keeps
 * the jobs (under `jobs` in its settings document), the environments and their keys, and the public URL; the
 * service never sees lowdb, the secret store or the tunnel.
 */
import type { SyncJob } from '../../../shared/api/types';
import type { KnitSyncApi } from '../knit/client';

/** An environment as the service uses it: where Knit's API is and the key, null when none is set. */
export interface SyncEnvironment {
  name: string;
  /** e.g. `https://api.getknit.dev/v1.0`, or the emulator's base URL. */
  baseUrl: string;
  apiKey: string | null;
}

type MaybePromise<T> = T | Promise<T>;

/** What the Companion gives the SyncJobs service. */
export interface SyncJobsDeps {
  /** The environment called `name` with its key, or null when there is no such environment. */
  environment(name: string): MaybePromise<SyncEnvironment | null>;
  /** The environment a start uses when the input names none and the integration has no job yet. */
  defaultEnvironment(integrationId: string): string;
  /** The saved jobs, one per integration. */
  loadJobs(): SyncJob[];
  /** Saves all jobs durably (replacing what was saved). */
  saveJobs(jobs: SyncJob[]): Promise<void>;
  /** The webhook URL Knit should call now (tunnel or manual public URL + listener path), or null. */
  publicWebhookUrl(): string | null;
  /** Whether a changed public URL is pushed to stale jobs with `sync.update` at once (a setting). */
  autoUpdateDestination(): boolean;
  /** Receives the jobs that changed, after they were saved. */
  emit(jobs: SyncJob[]): void;
  /** Default `new Date()`. */
  now?(): Date;
  /** Builds the Knit API of an environment for one integration; default a `KnitClient`. For tests. */
  knitApi?(environment: SyncEnvironment & { apiKey: string }, integrationId: string): KnitSyncApi;
  /** Receives log lines (never a key): Knit retries, automatic updates. */
  log?(line: string): void;
}

/**
 * Why the service refused before calling Knit:
 * `unknown-environment`, `no-api-key`, `no-destination`, `no-job` (update/pause/resume before a start),
 * `nothing-to-update` (an update with no field).
 */
export type SyncJobErrorCode = 'unknown-environment' | 'no-api-key' | 'no-destination' | 'no-job' | 'nothing-to-update';

/** A refusal of the service itself, with one sentence for the user. Knit's own failures are `KnitApiError`. */
export class SyncJobError extends Error {
  constructor(
    readonly code: SyncJobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyncJobError';
  }
}

/**
 * `KnitClient`: the sync calls of Knit's API for one integration in one environment, over `fetch`.
 * Every request: `POST`, JSON body, `Authorization: Bearer <API key>`, `X-Knit-Integration-Id`, a timeout.
 * Answers are Knit's envelope `{success: true, data}` / `{success: false, error: {msg}}`; every failure becomes
 * one `KnitApiError`. 429 and 5xx (and unreachable hosts) are retried with bounded exponential backoff that
 * honours `Retry-After`. Sources: shared/knit/README.md "Hosts" and "Sync API"; Retry-After per RFC 9110 10.2.3.
 * The key is only ever written into the Authorization header: never into a log line or an error.
 */
import { z } from 'zod';
import type { EmployeeModelId, SyncFrequency, SyncType } from '../../../shared/knit/models';
import { networkErrorCode } from './network-error';
import { KnitApiError, type KnitApiErrorDetails } from './errors';
import { knitApiUrl, type KnitApiCall } from './paths';
import { parseRetryAfter } from './retry-after';

/** How the client retries 429, 5xx and unreachable hosts (never 4xx, never timeouts: the call may have run). */
export interface KnitRetryPolicy {
  /** Requests in all, the first included (default 4). */
  attempts: number;
  /** The first backoff in ms, doubled each retry (default 500). */
  baseDelayMs: number;
  /** The longest backoff in ms (default 8,000). */
  maxDelayMs: number;
  /** A Retry-After longer than this (ms) is not waited for: the call fails at once (default 60,000). */
  maxRetryAfterMs: number;
}

/** 4 attempts, 0.5 s doubling to 8 s (halved at random: jitter), waiting at most 60 s for a Retry-After. */
export const DEFAULT_KNIT_RETRY: KnitRetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** One environment and one integration: a client per (environment, integration) pair. */
export interface KnitClientOptions {
  /** The environment's API base, e.g. `https://api.getknit.dev/v1.0`. */
  baseUrl: string;
  apiKey: string;
  /** Sent as `X-Knit-Integration-Id`; null for calls about no integration (`auth.createSession`). */
  integrationId: string | null;
  /** The environment's name, for error sentences ("not valid for the sandbox environment"). */
  environment: string;
  /** Per-request timeout in ms (default 15,000). */
  timeoutMs?: number;
  retry?: Partial<KnitRetryPolicy>;
  /** Injectable for tests; default the global fetch of Node 20. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives one line per retry (never the key). */
  log?: (line: string) => void;
}

/**
 * The body of `sync.start`, in either of Knit's two documented shapes (SYNC_START_CONTRACTS in paths.ts): the
 * guide's (`frequency` and `destination`) or the current reference's (neither: the webhook is registered in
 * Knit's dashboard; `startHour` / `startMinute` instead).
 */
export interface SyncStartRequest {
  /** Always `employee` for this product (the default). */
  dataType?: 'employee';
  models: EmployeeModelId[];
  /** Guide shape only. */
  frequency?: SyncFrequency;
  /** The webhook URL Knit delivers to; guide shape only (absent: the URL registered in Knit's dashboard). */
  destination?: string;
  /** Default `initial_sync` at Knit. */
  syncType?: SyncType;
  honorScheduler?: boolean;
  includeInactiveRecords?: boolean;
  /** Reference shape: the hour (0-23) and minute (0-59) the schedule runs at (time zone unconfirmed). */
  startHour?: number;
  startMinute?: number;
}

/** The body of `auth.createSession` (Knit's "Auth Session Creation API"). */
export interface AuthSessionRequest {
  originOrgId: string;
  originOrgName: string;
  originUserEmail: string;
  originUserName: string;
  /** Only these apps in the component, e.g. `[{category: 'HRIS', apps: ['bamboohr']}]`. */
  filters?: Array<{ category: string; apps: string[] }>;
  testAccount?: boolean;
}

/** The body of `sync.update`: the job and any of models, frequency, destination. */
export interface SyncUpdateRequest {
  syncJobId: string;
  dataType?: 'employee';
  models?: EmployeeModelId[];
  frequency?: SyncFrequency;
  destination?: string;
}

/** `data` of `sync.start`: `syncJobId` is documented in the guide; `syncRunId` seen only in third-party mocks. */
export interface SyncStartResult {
  syncJobId: string;
  syncRunId?: string;
}

const SyncStartDataSchema = z.looseObject({ syncJobId: z.string().min(1), syncRunId: z.string().min(1).optional() });
const EnvelopeSchema = z.looseObject({
  success: z.boolean(),
  data: z.unknown().optional(),
  msg: z.unknown().optional(),
  error: z.looseObject({ msg: z.unknown().optional() }).nullish(),
});

/** The calls the SyncJobs service needs; `KnitClient` implements it, tests may too. */
export interface KnitSyncApi {
  syncStart(request: SyncStartRequest): Promise<SyncStartResult>;
  syncUpdate(request: SyncUpdateRequest): Promise<Record<string, unknown>>;
  syncPause(request: { syncJobId: string }): Promise<Record<string, unknown>>;
  syncResume(request: { syncJobId: string }): Promise<Record<string, unknown>>;
}

/** The sync calls of Knit's API over fetch; every method rejects only with `KnitApiError`. */
export class KnitClient implements KnitSyncApi {
  private readonly retry: KnitRetryPolicy;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly host: string;

  constructor(private readonly options: KnitClientOptions) {
    this.retry = { ...DEFAULT_KNIT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.host = new URL(options.baseUrl).host;
  }

  /** Starts (or restarts: same job, new initial sync) the employee sync of the integration. */
  async syncStart(request: SyncStartRequest): Promise<SyncStartResult> {
    const data = await this.call('sync.start', { dataType: 'employee', ...request });
    const parsed = SyncStartDataSchema.safeParse(data);
    if (!parsed.success) throw this.error('sync.start', { kind: 'invalid-response', status: 200, attempts: 1 });
    return parsed.data.syncRunId === undefined ? { syncJobId: parsed.data.syncJobId } : { syncJobId: parsed.data.syncJobId, syncRunId: parsed.data.syncRunId };
  }

  /** Changes models (starts an initial sync at Knit), frequency or destination (no initial sync) of a job. */
  syncUpdate(request: SyncUpdateRequest): Promise<Record<string, unknown>> {
    return this.call('sync.update', { dataType: 'employee', ...request }).then(asRecord);
  }

  /**
   * `auth.createSession` (Knit's "Auth Session Creation API"): a token for the UI component, read at `msg.token`.
   * @throws KnitApiError, also when the answer has no token
   */
  async createSession(body: AuthSessionRequest): Promise<string> {
    const msg = await this.call('auth.createSession', body);
    const token = (msg as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || !token) throw this.error('auth.createSession', { kind: 'invalid-response', status: 200, attempts: 1 });
    return token;
  }

  /** Pauses a job: no runs until resumed. */
  syncPause(request: { syncJobId: string }): Promise<Record<string, unknown>> {
    return this.call('sync.pause', request).then(asRecord);
  }

  syncResume(request: { syncJobId: string }): Promise<Record<string, unknown>> {
    return this.call('sync.resume', request).then(asRecord);
  }

  /**
   * POSTs `body` to `call` with retries; resolves to the envelope's `data` (or `msg` for `auth.createSession`).
   * @throws KnitApiError
   */
  async call(call: KnitApiCall, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const url = knitApiUrl(this.options.baseUrl, call);
    const payload = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      const timeout = AbortSignal.timeout(this.timeoutMs);
      try {
        response = await this.fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.options.apiKey}`,
            ...(this.options.integrationId !== null && { 'x-knit-integration-id': this.options.integrationId }),
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: payload,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        if (signal?.aborted) throw this.error(call, { kind: 'aborted', attempts: attempt });
        if (timeout.aborted) throw this.error(call, { kind: 'timeout', attempts: attempt, timeoutMs: this.timeoutMs });
        const code = networkErrorCode(error);
        if (last) throw this.error(call, { kind: 'network', attempts: attempt, code });
        await this.backoff(call, attempt, null, `could not reach ${this.host}${code ? ` (${code})` : ''}`);
        continue;
      }

      const executionId = response.headers.get('x-knit-execution-id');
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw this.error(call, { kind: 'aborted', attempts: attempt });
        if (timeout.aborted) throw this.error(call, { kind: 'timeout', attempts: attempt, timeoutMs: this.timeoutMs, executionId });
        throw this.error(call, { kind: 'network', attempts: attempt, code: networkErrorCode(error), status: response.status, executionId });
      }
      const envelope = parseEnvelope(text);
      const knitMessage = envelope ? errorMessage(envelope) : null;
      const status = response.status;
      const facts = { status, executionId, knitMessage: knitMessage ? this.redact(knitMessage) : null, attempts: attempt };

      if (status >= 200 && status < 300) {
        if (!envelope) throw this.error(call, { kind: 'invalid-response', ...facts });
        if (!envelope.success) throw this.error(call, { kind: 'rejected', ...facts });
        return call === 'auth.createSession' ? (envelope.msg ?? envelope.data) : envelope.data;
      }
      if (status === 401 || status === 403) throw this.error(call, { kind: 'unauthorized', ...facts });
      if (status !== 429 && status < 500) throw this.error(call, { kind: 'rejected', ...facts });
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (retryAfterMs !== null && retryAfterMs > this.retry.maxRetryAfterMs) {
        throw this.error(call, { kind: 'unavailable', ...facts, retryAfterMs });
      }
      if (last) throw this.error(call, { kind: 'unavailable', ...facts });
      await this.backoff(call, attempt, retryAfterMs, `HTTP ${status}`);
    }
  }

  private async backoff(call: KnitApiCall, attempt: number, retryAfterMs: number | null, why: string): Promise<void> {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    const delay = Math.max(retryAfterMs ?? 0, jittered);
    this.options.log?.(`Knit ${call}: ${why}, retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.retry.attempts})`);
    await this.sleep(delay);
  }

  private error(call: KnitApiCall, details: ErrorFacts): KnitApiError {
    return new KnitApiError({
      status: null,
      knitMessage: null,
      executionId: null,
      ...details,
      call,
      environment: this.options.environment,
      host: this.host,
    });
  }

  /** Knit's message could echo what we sent: never let the key through. */
  private redact(text: string): string {
    const key = this.options.apiKey;
    const redacted = key ? text.split(key).join('[API key]') : text;
    return redacted.length > 500 ? `${redacted.slice(0, 500)}…` : redacted;
  }
}

/** What a failure site knows; the client adds the call, environment and host. */
type ErrorFacts = Omit<KnitApiErrorDetails, 'call' | 'environment' | 'host' | 'status' | 'knitMessage' | 'executionId'> &
  Partial<Pick<KnitApiErrorDetails, 'status' | 'knitMessage' | 'executionId'>>;

function parseEnvelope(text: string): z.infer<typeof EnvelopeSchema> | null {
  try {
    const parsed = EnvelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function errorMessage(envelope: z.infer<typeof EnvelopeSchema>): string | null {
  const msg = envelope.error?.msg;
  if (typeof msg === 'string' && msg.trim()) return msg.trim();
  return null;
}

function asRecord(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/**
 * Delivers one sync run to a webhook the way Knit does (shared/knit/README.md "Webhook delivery"): one signed POST
 * per record event (`X-Knit-Signature` = base64url HMAC-SHA256 of the body keyed with the API key,
 * `X-Knit-Integration-Id`, `X-Knit-Execution-Id`, JSON), a bounded number in flight; then
 * `sync.events.processed` (once every record event got its first answer), then `sync.events.allConsumed` once
 * every event got a 200. Only 200 counts; any other status, a timeout or a refused connection is retried with
 * exponential backoff, a bounded number of times (Knit keeps trying for 4 days; an emulator gives up sooner).
 * Each attempt is reported through `onProgress`; the result sums up every answer.
 */
import type { SyncType } from '../../../shared/knit/models';
import { networkErrorCode } from '../knit/network-error';
import { knitSignature } from '../signature/sign';
import type { ChangeList, RecordChange } from './deltas';
import { knitId } from './ids';
import { streamRecords } from './record-stream';
import { untilAborted, type RunAbort } from './run-abort';
import { Semaphore } from './semaphore';

/** How often and how patiently one event is delivered again. */
export interface DeliveryRetryPolicy {
  /** Deliveries of one event in all, the first included (default 6). */
  attempts: number;
  /** The first backoff in ms, doubled each retry (default 500). */
  baseDelayMs: number;
  /** The longest backoff in ms (default 8,000). */
  maxDelayMs: number;
}

/** 6 deliveries per event, 0.5 s doubling to 8 s between them (about 16 s in all). */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 };

/** How to deliver: shared by every run of an emulator. */
export interface DeliveryOptions {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs?: number;
  retry?: Partial<DeliveryRetryPolicy>;
  /** Aborts every pending delivery and backoff; the run then ends without its sync events. */
  signal?: AbortSignal;
  /** Called for the start and end of the run and for every attempt. */
  onProgress?: (progress: DeliveryProgress) => void;
  /** Injectable for tests; default Node's global fetch. */
  fetch?: typeof fetch;
  /** Scenario faults (emulator/scenarios/): record events delivered again once accepted, no allConsumed. */
  faults?: DeliveryFaults;
}

/** Knit's at-least-once delivery made visible: what a scenario changes in how a run is delivered. */
export interface DeliveryFaults {
  /** Whether the record event at this 0-based index is delivered a second time (same eventId and bytes) once accepted. */
  duplicate?: (index: number) => boolean;
  /** The run never sends `sync.events.allConsumed`. */
  withholdAllConsumed?: boolean;
}

/** One run to deliver. */
export interface RunRequest extends DeliveryOptions {
  /** The webhook URL. */
  destination: string;
  /** The environment's API key: it signs every delivery. */
  apiKey: string;
  integrationId: string;
  syncJobId: string;
  /** Default a new `sr_…` id. */
  syncRunId?: string;
  syncType: SyncType;
  /** Read one by one as the run goes (at most a bounded number started and unfinished at once). */
  changes: ChangeList;
  /** Records examined by the run (Knit's `processed`); default the number of changes. */
  processed?: number;
}

/** What one answer was: an HTTP status (`"200"`, `"500"`), `"timeout"`, or a network error code. */
export type AnswerKey = string;

/** What `onProgress` receives: the run's start, every attempt, the run's end. */
export type DeliveryProgress =
  | { type: 'run-start'; syncRunId: string; syncType: SyncType; destination: string; events: number }
  | {
      type: 'attempt';
      syncRunId: string;
      eventId: string;
      eventType: string;
      recordId: string | null;
      /** 1 for the first delivery, 2 for the first retry... */
      attempt: number;
      answer: AnswerKey;
      /** `accepted` (200), `retry` (another attempt follows after `retryInMs`), `failed` (gave up). */
      outcome: 'accepted' | 'retry' | 'failed';
      retryInMs: number | null;
    }
  | { type: 'run-end'; result: RunResult };

/** The outcome of one run, as `deliverRun` resolves it. */
export interface RunResult {
  syncRunId: string;
  syncJobId: string;
  syncType: SyncType;
  integrationId: string;
  destination: string;
  /** Knit's figures, as sent in the sync events. */
  processed: number;
  emitted: number;
  /** Record events that got a 200. */
  consumed: number;
  /** Every answer of every attempt (sync events included), counted by kind. */
  answers: Record<AnswerKey, number>;
  /** Attempts after the first, over all events. */
  retries: number;
  /** Events (sync events included) that never got a 200. */
  failed: Array<{ eventId: string; eventType: string; recordId: string | null; lastAnswer: AnswerKey }>;
  /** Whether `sync.events.processed` and `sync.events.allConsumed` were accepted. */
  processedDelivered: boolean;
  allConsumedDelivered: boolean;
  /** Whether the run was cut short by the abort signal. */
  aborted: boolean;
  /** Epoch ms. */
  startedAt: number;
  processedAt: number | null;
  completedAt: number | null;
}

interface OutgoingEvent {
  eventId: string;
  eventType: string;
  recordId: string | null;
  body: string;
}

/** Delivers a run and resolves once every event was accepted or given up on. Never rejects. */
export async function deliverRun(request: RunRequest): Promise<RunResult> {
  const syncRunId = request.syncRunId ?? knitId('sr');
  const retry = { ...DEFAULT_DELIVERY_RETRY, ...request.retry };
  const semaphore = new Semaphore(request.concurrency ?? 8);
  const startedAt = Date.now();
  const common = { syncType: request.syncType, syncDataType: 'employee', syncJobId: request.syncJobId, syncRunId };
  const result: RunResult = {
    syncRunId,
    syncJobId: request.syncJobId,
    syncType: request.syncType,
    integrationId: request.integrationId,
    destination: request.destination,
    processed: request.processed ?? request.changes.length,
    emitted: request.changes.length,
    consumed: 0,
    answers: {},
    retries: 0,
    failed: [],
    processedDelivered: false,
    allConsumedDelivered: false,
    aborted: false,
    startedAt,
    processedAt: null,
    completedAt: null,
  };
  const progress = request.onProgress ?? (() => {});
  progress({ type: 'run-start', syncRunId, syncType: request.syncType, destination: request.destination, events: request.changes.length });
  // one abort listener for the whole run (not one per waiting retry: hundreds may wait at once)
  const abort = untilAborted(request.signal);

  /** Delivers one event with retries; `onFirstAnswer` fires after the first attempt whatever its answer. */
  const deliver = async (event: OutgoingEvent, onFirstAnswer: () => void = () => {}): Promise<boolean> => {
    const signature = knitSignature(event.body, request.apiKey);
    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted) return false;
      await semaphore.acquire();
      let answer: AnswerKey;
      try {
        answer = await post(request, event.body, signature, abort);
      } finally {
        semaphore.release();
      }
      if (request.signal?.aborted) return false;
      if (attempt === 1) onFirstAnswer();
      else result.retries++;
      result.answers[answer] = (result.answers[answer] ?? 0) + 1;
      const base = { type: 'attempt', syncRunId, eventId: event.eventId, eventType: event.eventType, recordId: event.recordId, attempt, answer } as const;
      if (answer === '200') {
        progress({ ...base, outcome: 'accepted', retryInMs: null });
        return true;
      }
      if (attempt >= retry.attempts) {
        progress({ ...base, outcome: 'failed', retryInMs: null });
        result.failed.push({ eventId: event.eventId, eventType: event.eventType, recordId: event.recordId, lastAnswer: answer });
        return false;
      }
      const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      progress({ ...base, outcome: 'retry', retryInMs: delay });
      if (!(await abort.wait(delay))) return false;
    }
  };

  const records = streamRecords(request.changes, Math.max(256, (request.concurrency ?? 8) * 32), request.signal, async (change, index, onFirst) => {
    const event = recordEvent(change, common);
    const ok = await deliver(event, onFirst);
    if (ok) result.consumed++;
    if (ok && request.faults?.duplicate?.(index)) await deliver(event);
    return ok;
  });
  await Promise.race([records.answered.then((emitted) => (result.emitted = emitted)), abort.aborted]);
  let processedOk = false;
  if (!request.signal?.aborted) {
    result.processedAt = Date.now();
    processedOk = await deliver(
      syncEvent('sync.events.processed', common, {
        status: 'processed',
        processed: result.processed,
        emitted: result.emitted,
        startedAt: String(startedAt),
        processedAt: String(result.processedAt),
        complete: false,
      }),
    );
    result.processedDelivered = processedOk;
  }
  const { emitted, allOk } = await records.finished;
  result.emitted = emitted;
  if (processedOk && allOk && !request.signal?.aborted && !request.faults?.withholdAllConsumed) {
    result.completedAt = Date.now();
    result.allConsumedDelivered = await deliver(
      syncEvent('sync.events.allConsumed', common, {
        status: 'completed',
        processed: result.processed,
        emitted: result.emitted,
        consumed: result.consumed,
        startedAt: String(startedAt),
        processedAt: String(result.processedAt),
        completedAt: String(result.completedAt),
        complete: true,
      }),
    );
  }
  result.aborted = Boolean(request.signal?.aborted);
  abort.dispose();
  progress({ type: 'run-end', result });
  return result;
}

function recordEvent(change: RecordChange, common: object): OutgoingEvent {
  const eventId = knitId('ev');
  const body = { eventId, eventType: change.eventType, eventData: change.eventData, ...common, recordId: change.recordId };
  return { eventId, eventType: change.eventType, recordId: change.recordId, body: JSON.stringify(body) };
}

function syncEvent(eventType: string, common: object, eventData: Record<string, unknown>): OutgoingEvent {
  const eventId = knitId('ev');
  return { eventId, eventType, recordId: null, body: JSON.stringify({ eventId, eventData, eventType, ...common }) };
}

/**
 * POSTs one delivery; resolves to its answer key, never rejects. Its own controller aborts it on the timeout or
 * through the run's one listener on the job's signal: `AbortSignal.any([job, timeout])` per POST left a
 * reference behind on the long-lived job signal each time (Node 20), without bound over a run of a million.
 */
async function post(request: RunRequest, body: string, signature: string, abort: RunAbort): Promise<AnswerKey> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs ?? 10_000);
  const untrack = abort.track(controller);
  try {
    const response = await (request.fetch ?? fetch)(request.destination, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-knit-signature': signature,
        'x-knit-integration-id': request.integrationId,
        'x-knit-execution-id': knitId('ex'),
      },
      body,
      signal: controller.signal,
    });
    await response.arrayBuffer();
    return String(response.status);
  } catch (error) {
    if (timedOut) return 'timeout';
    return networkErrorCode(error) ?? 'network-error';
  } finally {
    clearTimeout(timer);
    untrack();
  }
}

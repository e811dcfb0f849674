/**
 * The one error a Knit API call ends in: a sentence for the UI and the CLI carrying Knit's `error.msg`, the HTTP
 * status and `X-Knit-Execution-Id` (Knit support asks for it). Source: shared/knit/README.md "Hosts" (envelope,
 * execution id; status codes undocumented, so 401/403 read as a bad key). Never carries the API key.
 */
import type { KnitApiCall } from './paths';

/**
 * What went wrong:
 * - `unauthorized`: 401/403, the key is not valid for the environment;
 * - `rejected`: Knit answered with an error envelope or another 4xx (not retried);
 * - `unavailable`: 429 or 5xx still after the bounded retries, or a Retry-After beyond what we wait;
 * - `network`: the host could not be reached (DNS, refused, reset) after the retries;
 * - `timeout`: no answer within the request timeout;
 * - `invalid-response`: a 2xx whose body is not Knit's `{success, data}` envelope;
 * - `aborted`: the caller cancelled the call.
 */
export type KnitApiErrorKind = 'unauthorized' | 'rejected' | 'unavailable' | 'network' | 'timeout' | 'invalid-response' | 'aborted';

/** Everything a KnitApiError knows; the message is built from it. */
export interface KnitApiErrorDetails {
  call: KnitApiCall;
  kind: KnitApiErrorKind;
  /** The environment's name, e.g. `sandbox`. */
  environment: string;
  /** The API host, e.g. `api.getknit.dev`. */
  host: string;
  /** The last HTTP status, null when no answer came. */
  status: number | null;
  /** Knit's `error.msg`, when the body had one. */
  knitMessage: string | null;
  /** The `X-Knit-Execution-Id` header of the last answer. */
  executionId: string | null;
  /** How many requests were made. */
  attempts: number;
  /** For network errors: the system error code, e.g. `ECONNREFUSED`. */
  code?: string | null;
  /** For timeouts: the per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** For `unavailable` when Knit asked to wait longer than we do: its Retry-After in milliseconds. */
  retryAfterMs?: number;
}

/** A failed Knit API call. `message` is one sentence: `Knit sync.start failed: <why> (<HTTP status; execution id>).` */
export class KnitApiError extends Error {
  readonly call: KnitApiCall;
  readonly kind: KnitApiErrorKind;
  readonly environment: string;
  readonly status: number | null;
  readonly knitMessage: string | null;
  readonly executionId: string | null;
  readonly attempts: number;

  constructor(details: KnitApiErrorDetails) {
    super(describe(details));
    this.name = 'KnitApiError';
    this.call = details.call;
    this.kind = details.kind;
    this.environment = details.environment;
    this.status = details.status;
    this.knitMessage = details.knitMessage;
    this.executionId = details.executionId;
    this.attempts = details.attempts;
  }
}

function describe(d: KnitApiErrorDetails): string {
  // A refusal's reason is Knit's own message; elsewhere Knit's message is one more fact.
  const reasonIsKnits = d.kind === 'rejected' && d.knitMessage !== null;
  const facts: string[] = [];
  if (d.status !== null) facts.push(`HTTP ${d.status}`);
  if (d.knitMessage && !reasonIsKnits) facts.push(`Knit says "${d.knitMessage}"`);
  if (d.executionId) facts.push(`execution id ${d.executionId}`);
  if (d.attempts > 1) facts.push(`${d.attempts} attempts`);
  const why = {
    unauthorized: `the API key is not valid for the ${d.environment} environment`,
    rejected: reasonIsKnits ? `"${d.knitMessage}"` : 'Knit refused the request',
    unavailable:
      d.retryAfterMs !== undefined
        ? `Knit is busy and asked to retry after ${Math.ceil(d.retryAfterMs / 1000)} s`
        : 'Knit is unavailable or rate-limiting, try again later',
    network: `could not reach ${d.host}${d.code ? ` (${d.code})` : ''}`,
    timeout: `${d.host} did not answer within ${Math.round((d.timeoutMs ?? 0) / 100) / 10} s`,
    'invalid-response': "the answer is not Knit's {success, data} envelope",
    aborted: 'the request was cancelled',
  }[d.kind];
  return `Knit ${d.call} failed: ${why}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}.`;
}

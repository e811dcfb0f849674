/**
 * The one reply envelope of every CompanionApi transport (IPC, the UI's HTTP API, the control endpoint) and
 * the one rule from an error to an HTTP status. A failure carries a code, one sentence for the user and, for
 * input the user can fix, one sentence per field that the UI shows beside that field.
 */

/** One invalid field: its path in the input (`retentionDays`, `targets.0.url`; `''` for the whole input). */
export interface FieldError {
  field: string;
  message: string;
}

/** Why a call failed, each with its HTTP status (STATUS_OF). */
export type ErrorCode = 'invalid_input' | 'unauthorized' | 'refused' | 'no_such_method' | 'method_not_allowed' | 'too_large' | 'not_json' | 'failed';

/** The error-to-status rule, the same for the UI's HTTP API and the control endpoint. */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  refused: 403,
  no_such_method: 404,
  method_not_allowed: 405,
  too_large: 413,
  not_json: 415,
  failed: 500,
};

export type ApiFailure = { ok: false; code: ErrorCode; error: string; fields?: FieldError[] };
export type ApiReply<T = unknown> = { ok: true; result: T } | ApiFailure;

/** An error that knows its code (and fields): thrown by the Companion, rebuilt by clients from a reply. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Input the user can fix (answered 400): `field` names the form field the sentence belongs beside. */
export class InputError extends ApiError {
  constructor(message: string, field?: string) {
    super('invalid_input', message, field === undefined ? [] : [{ field, message }]);
  }
}

/** The HTTP status of a reply. */
export const statusOf = (reply: ApiReply): number => (reply.ok ? 200 : STATUS_OF[reply.code]);

/** A failure reply; `fields` only when there are some. */
export function failure(code: ErrorCode, error: string, fields: FieldError[] = []): ApiFailure {
  return fields.length > 0 ? { ok: false, code, error, fields } : { ok: false, code, error };
}

/** The reply for any thrown value: an ApiError keeps its code and fields; anything else is `failed` with its first line. */
export function errorReply(error: unknown): ApiFailure {
  if (error instanceof ApiError) return failure(error.code, error.message, error.fields);
  const text = error instanceof Error ? error.message : String(error);
  return failure('failed', (text.split('\n')[0] ?? '').trim() || 'The Companion failed without a reason.');
}

/** The result of a reply, or its failure thrown as an ApiError (what a client's promise rejects with). */
export function unwrapReply<T>(reply: ApiReply<T> | null | undefined): T {
  if (reply && reply.ok === true) return reply.result;
  if (reply && reply.ok === false) throw new ApiError(reply.code, reply.error, reply.fields ?? []);
  throw new ApiError('failed', 'The Companion gave no answer.');
}

/** The sentence for each field of a failed call (empty for other errors), for forms to show beside fields. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (error instanceof ApiError) for (const f of error.fields) out[f.field] ??= f.message;
  return out;
}

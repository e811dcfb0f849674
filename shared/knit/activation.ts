/**
 * Knit's `app.integration.activate` event (Knit's "Event glossary"): sent to the webhook registered in Knit's
 * dashboard once a newly connected integration's validation completes; it "may contain validation errors",
 * and without errors it is the hook for starting syncs (the employee sync guide says the same).
 *
 * GUESS: Knit publishes no payload shape for this event. Everything below that names a field is our guess,
 * kept in this one file: it is read defensively (any of several places, any of several spellings), the raw
 * payload is always shown beside the reading, and a correction is an edit here.
 */

/** The event type, as named in Knit's event glossary (documented). */
export const ACTIVATION_EVENT_TYPE = 'app.integration.activate';

/** What we could read from an activation payload. */
export interface ActivationReading {
  /** From the body when it names one, else the `X-Knit-Integration-Id` header; null when neither does. */
  integrationId: string | null;
  appId: string | null;
  /** `failed` when the payload carries validation errors or says it did not succeed. */
  state: 'activated' | 'failed';
  /** The validation errors in words (at most 20), empty when activated. */
  errors: string[];
}

/** GUESS: the objects an activation's fields may sit in, searched in this order (the body itself first). */
const CONTAINERS = ['eventData', 'data', 'integrationDetails', 'integration'] as const;
/** GUESS: the names a list of validation errors may go by. */
const ERROR_KEYS = ['validationErrors', 'errors', 'validation_errors', 'error'] as const;
/** GUESS: status words that mean the validation failed. */
const FAILED_WORDS = new Set(['failed', 'failure', 'error', 'invalid', 'inactive', 'validation_failed']);

const MAX_ERRORS = 20;

/**
 * Reads an `app.integration.activate` body, whatever its shape: never throws, never trusts a type.
 * @param body the parsed event (any JSON value)
 * @param headerIntegrationId the `X-Knit-Integration-Id` header, when present
 */
export function readActivation(body: unknown, headerIntegrationId: string | null): ActivationReading {
  const places = objectsOf(body);
  const integrationId = firstString(places, ['integrationId', 'integration_id', 'id']) ?? headerIntegrationId;
  const appId = firstString(places, ['appId', 'app_id', 'app']);
  const errors: string[] = [];
  for (const place of places) for (const key of ERROR_KEYS) collectErrors(place[key], errors);
  const said = places.some(
    (p) => p.success === false || p.valid === false || p.isValid === false || (typeof p.status === 'string' && FAILED_WORDS.has(p.status.toLowerCase())),
  );
  if (said && errors.length === 0) errors.push('The activation says the integration did not pass validation (no error given).');
  return { integrationId, appId, state: errors.length > 0 ? 'failed' : 'activated', errors: errors.slice(0, MAX_ERRORS) };
}

/** The body and its known containers that are plain objects. */
function objectsOf(body: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (!isObject(body)) return out;
  out.push(body);
  for (const key of CONTAINERS) {
    const inner = body[key];
    if (isObject(inner)) out.push(inner);
  }
  return out;
}

function firstString(places: Array<Record<string, unknown>>, keys: readonly string[]): string | null {
  // the body's own `id` is not the integration's: look at containers first for `id`
  for (const place of [...places.slice(1), places[0]]) {
    if (!place) continue;
    for (const key of keys) {
      if (key === 'id' && place === places[0]) continue;
      const value = place[key];
      if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 512);
    }
  }
  return null;
}

/** Adds the sentences of an error value: a string, an object with a message, or a list of either. */
function collectErrors(value: unknown, into: string[], depth = 0): void {
  if (into.length >= MAX_ERRORS || value === null || value === undefined || depth > 2) return;
  if (typeof value === 'string') {
    if (value.trim()) into.push(value.trim().slice(0, 500));
  } else if (Array.isArray(value)) {
    for (const item of value) collectErrors(item, into, depth + 1);
  } else if (isObject(value)) {
    const text = ['message', 'msg', 'description', 'error', 'reason'].map((k) => value[k]).find((v) => typeof v === 'string' && v.trim());
    const code = ['code', 'field', 'type'].map((k) => value[k]).find((v) => typeof v === 'string' && v.trim());
    if (typeof text === 'string') into.push((code ? `${code as string}: ` : '') + text.trim().slice(0, 500));
    else into.push(JSON.stringify(value).slice(0, 500));
  } else if (value !== false) {
    into.push(String(value));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses a verified body into the envelope every stored event has (string `eventId` and `eventType`:
 * shared/knit/events.ts) and computes its flags. A verified JSON object is never refused for its envelope
 * (a 400 makes Knit retry for 4 days, and `app.integration.activate` has no published shape): without a
 * string `eventId` it gets one derived from the SHA-256 of its bytes, without a string `eventType` the
 * placeholder NO_EVENT_TYPE, and a flag says so. A verified body that is not a JSON object is refused (400).
 * A leading UTF-8 BOM and trailing whitespace are tolerated for parsing only: the stored bytes stay as received.
 */
import { createHash } from 'node:crypto';
import { ACTIVATION_EVENT_TYPE } from '../../../shared/knit/activation';
import { isUtf8 } from 'node:buffer';
import { isKnitEventType, schemaWarnings, type EventEnvelope } from '../../../shared/knit/events';
import type { EventFlag } from '../../../shared/api/types';
import type { RejectionReason } from '../../../shared/api/rejections';

/** The event type an object without a string `eventType` is stored under. */
export const NO_EVENT_TYPE = '(no eventType)';

/** `sha256:<64 hex digits>` of the bytes exactly as received: the id of an event that has no string `eventId`. */
export function derivedEventId(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

export type EnvelopeResult =
  /** `missing`: the envelope members the body lacked and that were filled in (derived id, placeholder type). */
  | { ok: true; event: EventEnvelope; warnings: string[]; missing: Array<'eventId' | 'eventType'> }
  /** `detail`: only what the reason's sentence (shared/api/rejections.ts) does not say, e.g. the parser's message. */
  | { ok: false; reason: Extract<RejectionReason, 'body_not_json' | 'body_not_object' | 'event_id_invalid_utf8'>; detail: string };

/** Decodes `body` as UTF-8 without a leading BOM and without trailing whitespace. */
export function bodyText(body: Buffer): string {
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return body.toString('utf8', start).trimEnd();
}

/** Parses the envelope of `body`; a body that is not a JSON object gets a 400 reason with a specific sentence. */
export function parseEnvelope(body: Buffer): EnvelopeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText(body));
  } catch (error) {
    return { ok: false, reason: 'body_not_json', detail: `${(error as Error).message}.` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return { ok: false, reason: 'body_not_object', detail: `It is ${kind}.` };
  }
  // The same check as EventEnvelopeSchema (shared/knit/events.ts), by hand: it runs for every event.
  const record = parsed as Record<string, unknown>;
  const noId = typeof record.eventId !== 'string' || record.eventId === '';
  const noType = typeof record.eventType !== 'string' || record.eventType === '';
  if (noId || noType) {
    const event = { ...record, eventId: noId ? derivedEventId(body) : record.eventId, eventType: noType ? NO_EVENT_TYPE : record.eventType } as EventEnvelope;
    const missing: Array<'eventId' | 'eventType'> = [...(noId ? ['eventId' as const] : []), ...(noType ? ['eventType' as const] : [])];
    return { ok: true, event, warnings: schemaWarnings(event), missing };
  }
  // Invalid UTF-8 bytes decode to U+FFFD, so ids differing only in them would dedupe as one event: refused.
  if ((record.eventId as string).includes('\uFFFD') && !isUtf8(body)) {
    return { ok: false, reason: 'event_id_invalid_utf8', detail: `The eventId reads ${JSON.stringify(record.eventId)}.` };
  }
  const event = record as EventEnvelope;
  return { ok: true, event, warnings: schemaWarnings(event), missing: [] };
}

/**
 * The warning marks of an accepted event: schema mismatches, an unknown type, a missing integration header,
 * and a key of another environment than the integration's sync job (`jobEnvironment`, when a job is known).
 */
export function eventFlags(input: {
  event: EventEnvelope;
  warnings: string[];
  /** What the body lacked (EnvelopeResult `missing`); default none. */
  missing?: ReadonlyArray<'eventId' | 'eventType'>;
  integrationId: string | null;
  environment: string;
  jobEnvironment: string | null;
}): EventFlag[] {
  const flags: EventFlag[] = [];
  if (input.missing && input.missing.length > 0) {
    const what = input.missing.map((m) => `string ${m}`).join(' and ');
    const id = input.missing.includes('eventId')
      ? ` It is stored under ${input.event.eventId}, the SHA-256 of its bytes: the same bytes delivered again count as a retry.`
      : '';
    flags.push({
      code: 'envelope-filled',
      message: `The body is a JSON object without a ${what}; accepted (200) so that Knit does not retry it for days.${id}`,
    });
  }
  if (!isKnitEventType(input.event.eventType) && input.event.eventType !== ACTIVATION_EVENT_TYPE && input.event.eventType !== NO_EVENT_TYPE) {
    flags.push({ code: 'unknown-type', message: `"${input.event.eventType}" is not one of Knit's documented event types; stored as received.` });
  }
  if (input.warnings.length > 0) {
    flags.push({
      code: 'schema',
      message: `Does not match the documented ${input.event.eventType} shape: ${input.warnings.slice(0, 3).join('; ')}${input.warnings.length > 3 ? ' ...' : ''}`,
    });
  }
  if (input.integrationId === null) {
    flags.push({ code: 'no-integration-header', message: 'No X-Knit-Integration-Id header: the integration is unknown.' });
  }
  if (input.jobEnvironment !== null && input.jobEnvironment !== input.environment) {
    flags.push({
      code: 'other-environment-key',
      message: `Signed with the ${input.environment} key, but this integration's sync job is in ${input.jobEnvironment}.`,
    });
  }
  return flags;
}

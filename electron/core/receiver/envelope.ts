/**
 * Parses a verified body into the minimum envelope every Knit event carries (a JSON object with string
 * `eventId` and `eventType`: shared/knit/events.ts) and computes its flags. A leading UTF-8 BOM and trailing
 * whitespace are tolerated for parsing only: the stored bytes stay exactly as received.
 */
import { isUtf8 } from 'node:buffer';
import { isKnitEventType, schemaWarnings, type EventEnvelope } from '../../../shared/knit/events';
import type { EventFlag } from '../../../shared/api/types';
import type { RejectionReason } from '../../../shared/api/rejections';

export type EnvelopeResult =
  | { ok: true; event: EventEnvelope; warnings: string[] }
  /** `detail`: only what the reason's sentence (shared/api/rejections.ts) does not say, e.g. the parser's message. */
  | { ok: false; reason: Extract<RejectionReason, 'body_not_json' | 'body_not_object' | 'envelope_incomplete' | 'event_id_invalid_utf8'>; detail: string };

/** Decodes `body` as UTF-8 without a leading BOM and without trailing whitespace. */
export function bodyText(body: Buffer): string {
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return body.toString('utf8', start).trimEnd();
}

/** Parses the envelope of `body`; below the minimum, a 400 reason with a specific sentence. */
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
    return { ok: false, reason: 'envelope_incomplete', detail: `The event has no string ${noId && noType ? 'eventId or eventType' : noId ? 'eventId' : 'eventType'}.` };
  }
  // Invalid UTF-8 bytes decode to U+FFFD, so ids differing only in them would dedupe as one event: refused.
  if ((record.eventId as string).includes('\uFFFD') && !isUtf8(body)) {
    return { ok: false, reason: 'event_id_invalid_utf8', detail: `The eventId reads ${JSON.stringify(record.eventId)}.` };
  }
  const event = record as EventEnvelope;
  return { ok: true, event, warnings: schemaWarnings(event) };
}

/**
 * The warning marks of an accepted event: schema mismatches, an unknown type, a missing integration header,
 * and a key of another environment than the integration's sync job (`jobEnvironment`, when a job is known).
 */
export function eventFlags(input: {
  event: EventEnvelope;
  warnings: string[];
  integrationId: string | null;
  environment: string;
  jobEnvironment: string | null;
}): EventFlag[] {
  const flags: EventFlag[] = [];
  if (!isKnitEventType(input.event.eventType)) {
    flags.push({ code: 'unknown-type', message: `"${input.event.eventType}" is not one of Knit's documented event types; stored as received.` });
  }
  if (input.warnings.length > 0) {
    flags.push({ code: 'schema', message: `Does not match the documented ${input.event.eventType} shape: ${input.warnings.slice(0, 3).join('; ')}${input.warnings.length > 3 ? ' ...' : ''}` });
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

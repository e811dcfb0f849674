/**
 * Why a delivery was refused: stable reason codes (written to the rejected log, exported, matched by
 * scripts) and the sentence shown for each. Diagnoses follow ARCHITECTURE.md "Data flow of one event";
 * the signature format is Knit's: base64url(HMAC-SHA256(raw body, API key)) without padding
 * (Knit "Authenticating Knit Webhooks"; base64url per RFC 4648 section 5).
 */

export const REJECTION_REASONS = {
  signature_missing: {
    status: 401,
    sentence: 'No X-Knit-Signature header: Knit signs every delivery, so this request did not come from Knit or a proxy removed the header.',
  },
  signature_empty: { status: 401, sentence: 'The X-Knit-Signature header is empty.' },
  signature_malformed: {
    status: 401,
    sentence: 'The X-Knit-Signature header is not base64url: Knit sends base64url(HMAC-SHA256(body, API key)) without padding.',
  },
  signature_hex: { status: 401, sentence: 'The signature is the right HMAC-SHA256 digest but hex-encoded; Knit uses base64url without padding.' },
  signature_base64_standard: {
    status: 401,
    sentence: 'The signature is the right HMAC-SHA256 digest but in standard base64 (+ and /); Knit uses base64url (- and _).',
  },
  signature_padded: { status: 401, sentence: 'The signature is the right HMAC-SHA256 digest but padded with "="; Knit sends base64url without padding.' },
  no_key_configured: { status: 401, sentence: 'No API key is configured, so no signature can be checked: set the key of the environment this sync runs in.' },
  signature_mismatch: {
    status: 401,
    sentence: 'The signature matches none of the configured API keys: the sender used another key (another environment?) or the body was changed.',
  },
  body_altered: {
    status: 401,
    sentence:
      'The signature matches a normalised copy of the body (re-serialized JSON, BOM or trailing whitespace removed): the body was altered in transit, e.g. by a proxy or framework that parsed and re-encoded it.',
  },
  body_not_json: { status: 400, sentence: 'The body is not valid JSON.' },
  body_not_object: { status: 400, sentence: 'The body is JSON but not an object: a Knit event is one JSON object.' },
  /** No longer given (a JSON object without eventId is stored under a derived id); kept for older rejected logs. */
  envelope_incomplete: { status: 400, sentence: 'The event lacks a string eventId or eventType, the minimum every Knit event carries.' },
  event_id_invalid_utf8: {
    status: 400,
    sentence:
      'The signature is valid but the eventId holds bytes that are not UTF-8: ids differing only in those bytes could not be told apart, so the event was not stored (the delivery is kept in the rejected log).',
  },
  body_too_large: { status: 413, sentence: 'The body is larger than the listener accepts.' },
  listener_busy: {
    status: 503,
    sentence: 'Too many large bodies were being read at once, so this one was not read: the sender should retry after the Retry-After delay (Knit retries).',
  },
} as const satisfies Record<string, { status: number; sentence: string }>;

/** A stable rejection reason code, e.g. `signature_mismatch`. */
export type RejectionReason = keyof typeof REJECTION_REASONS;

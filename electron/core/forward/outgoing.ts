/**
 * The request that forwards or replays a stored event: the body bytes exactly as Knit sent them (read back
 * from the journal) with the headers kept from Knit's delivery (`X-Knit-Signature`, `X-Knit-Integration-Id`,
 * `X-Knit-Execution-Id`, `Content-Type`), so that the user's handler verifies the signature exactly as in
 * production. Re-signing replaces only `X-Knit-Signature`, with Knit's scheme (signature/sign.ts) and another
 * environment's API key, for a handler configured with that key.
 */
import { KNIT_HEADERS } from '../../../shared/knit/events';
import { knitSignature } from '../signature/sign';

/** A stored event ready to send. */
export interface Outgoing {
  eventId: string;
  eventType: string;
  body: Buffer;
  /** Lower-case header names, as kept in the journal. */
  headers: Record<string, string>;
}

/** The headers to send: the kept ones (Knit's and the content type), the signature replaced when re-signing. */
export function outgoingHeaders(event: Outgoing, resignKey: string | null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    if (name.startsWith('x-knit-') || name === 'content-type') headers[name] = value;
  }
  if (resignKey !== null) headers[KNIT_HEADERS.signature] = knitSignature(event.body, resignKey);
  return headers;
}

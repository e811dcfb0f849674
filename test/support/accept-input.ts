/** A delivery as the listener hands it to the store (JournalStore.accept), for store tests. */
import { parseEnvelope } from '../../electron/core/receiver/envelope';
import type { AcceptInput } from '../../electron/core/store/journal-store';

/** `raw` (a Knit envelope) verified for production from `integrationId`, received now, no headers or flags. */
export function acceptInput(raw: Buffer | string, integrationId: string | null = 'int_a'): AcceptInput {
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
  const parsed = parseEnvelope(bytes);
  if (!parsed.ok) throw new Error(parsed.reason);
  return {
    eventId: parsed.event.eventId,
    raw: bytes,
    body: parsed.event,
    receivedAt: new Date().toISOString(),
    environment: 'production',
    integrationId,
    headers: {},
    flags: [],
  };
}

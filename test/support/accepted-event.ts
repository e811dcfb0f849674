/** A verified, journaled event as the state applies it (electron/core/state/apply.ts), for state and query tests. */
import type { AcceptedEvent } from '../../electron/core/state/apply';

/** Event number `seq` (`e_<seq>`, received `seq` seconds after 2026-01-01) of type `eventType`; `body` overrides the defaults. */
export function acceptedEvent(seq: number, eventType: string, body: Record<string, unknown> = {}, integrationId: string | null = 'int_1'): AcceptedEvent {
  return {
    seq,
    eventId: `e_${seq}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    environment: 'production',
    integrationId,
    flags: [],
    body: { eventId: `e_${seq}`, eventType, syncRunId: 'sr_1', syncJobId: 'sj_1', syncType: 'delta_sync', ...body },
    offset: seq * 100,
    length: 99,
  };
}

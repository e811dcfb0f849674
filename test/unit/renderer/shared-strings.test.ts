import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../shared/api/types';
import { appendEvents, initialState } from '../../../renderer/state/companion-state';

/** Summaries as the transport hands them over: fresh from JSON.parse, nothing shared. */
const parsedEvent = (seq: number, flags: EventSummary['flags'] = []): EventSummary =>
  JSON.parse(
    JSON.stringify({
      seq,
      eventId: `e_${seq}`,
      eventType: 'record.modified',
      category: 'modified',
      syncType: 'delta_sync',
      syncJobId: 'sj_0001',
      syncRunId: 'sr_delta_0002',
      recordId: `emp_${seq}`,
      integrationId: 'int_demo_1',
      receivedAt: '2026-11-29T12:00:00.000Z',
      environment: 'sandbox',
      retries: 0,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      flags,
    } satisfies EventSummary),
  ) as EventSummary;

describe('held summaries share what repeats', () => {
  it('events appended to the state share one empty flags list and keep every value', () => {
    const flag = { code: 'no-integration-header' as const, message: 'No X-Knit-Integration-Id header.' };
    const incoming = [parsedEvent(1), parsedEvent(2), parsedEvent(3, [flag])];
    const expected = structuredClone(incoming);
    const state = appendEvents(initialState(), incoming);
    const [a, b, c] = [state.events.get(0)!, state.events.get(1)!, state.events.get(2)!];
    expect(a.flags).toBe(b.flags);
    expect([a, b, c]).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../shared/api/types';
import { EMPTY_FILTER, filterEvents, toggleCategory, type EventFilter } from '../../../renderer/model/event-filter';
import { EventList } from '../../../renderer/state/event-list';

const event = (seq: number, over: Partial<EventSummary>): EventSummary => ({
  seq,
  eventId: `e_${seq}`,
  eventType: 'record.new',
  category: 'new',
  syncType: 'initial_sync',
  syncJobId: 'sj_1',
  syncRunId: 'sr_1',
  recordId: `emp_${seq}`,
  integrationId: 'int_a',
  receivedAt: '2026-11-29T12:00:00Z',
  environment: 'sandbox',
  retries: 0,
  name: null,
  email: null,
  flags: [],
  ...over,
});

const list = EventList.of([
  event(1, { name: 'Ana Okafor', email: 'ana@example.com' }),
  event(2, { eventType: 'record.modified', category: 'modified', syncRunId: 'sr_2', name: 'Kwame Mensah' }),
  event(3, { eventType: 'record.deleted', category: 'deleted', integrationId: 'int_b', recordId: 'EMP_XYZ' }),
  event(4, { eventType: 'sync.events.processed', category: 'sync', recordId: null }),
]);
/** The seqs passing `filter`. */
const seqs = (filter: EventFilter): number[] =>
  filterEvents(list, filter)
    .toArray()
    .map((e) => e.seq);

describe('filterEvents', () => {
  it('returns the same list when no filter is set', () => {
    expect(filterEvents(list, EMPTY_FILTER)).toBe(list);
  });
  it('filters by type chips (any of them)', () => {
    const f = toggleCategory(toggleCategory(EMPTY_FILTER, 'modified'), 'sync');
    expect(seqs(f)).toEqual([2, 4]);
    expect(toggleCategory(f, 'sync').categories).toEqual(['modified']);
  });
  it('filters by run and integration', () => {
    expect(seqs({ ...EMPTY_FILTER, syncRunId: 'sr_2' })).toEqual([2]);
    expect(seqs({ ...EMPTY_FILTER, integrationId: 'int_b' })).toEqual([3]);
  });
  it('searches recordId, name and email case-insensitively', () => {
    expect(seqs({ ...EMPTY_FILTER, text: 'emp_x' })).toEqual([3]);
    expect(seqs({ ...EMPTY_FILTER, text: 'kwame' })).toEqual([2]);
    expect(seqs({ ...EMPTY_FILTER, text: ' ANA@EXAMPLE ' })).toEqual([1]);
    expect(seqs({ ...EMPTY_FILTER, text: 'nobody' })).toEqual([]);
  });
});

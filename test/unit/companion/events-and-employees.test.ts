import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../electron/core/state/apply';
import { NO_INTEGRATION, State } from '../../../electron/core/state/state';
import { listEvents, recordTimeline } from '../../../electron/core/companion/events-and-employees';
import { acceptedEvent } from '../../support/accepted-event';

/** Events 1-12: integration int_a, int_b or none in turn; runs sr_0 / sr_1 by half; recordId r<seq % 4>. */
function state(): State {
  const s = new State();
  for (let seq = 1; seq <= 12; seq++) {
    const integrationId = [`int_a`, `int_b`, null][seq % 3]!;
    applyEvent(s, acceptedEvent(seq, 'record.new', { recordId: `r${seq % 4}`, syncRunId: `sr_${seq > 6 ? 1 : 0}` }, integrationId));
  }
  return s;
}
const seqs = (events: Array<{ seq: number }>): number[] => events.map((e) => e.seq);

describe('listEvents', () => {
  it('pages by seq and filters by integration (none as NO_INTEGRATION), run and recordId on the columns', () => {
    const s = state();
    expect(seqs(listEvents(s))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(seqs(listEvents(s, { afterSeq: 9, limit: 2 }))).toEqual([10, 11]);
    expect(seqs(listEvents(s, { integrationId: 'int_b' }))).toEqual([1, 4, 7, 10]);
    expect(seqs(listEvents(s, { integrationId: NO_INTEGRATION }))).toEqual([2, 5, 8, 11]);
    expect(seqs(listEvents(s, { integrationId: 'int_unknown' }))).toEqual([]);
    expect(seqs(listEvents(s, { syncRunId: 'sr_1', integrationId: 'int_a' }))).toEqual([9, 12]);
    expect(seqs(listEvents(s, { recordId: 'r1' }))).toEqual([1, 5, 9]);
    expect(seqs(listEvents(s, { recordId: 'r' }))).toEqual([]);
    expect(listEvents(s, { recordId: 'r2', limit: 1 })[0]).toMatchObject({ seq: 2, eventId: 'e_2', integrationId: null, recordId: 'r2' });
  });
});

describe('recordTimeline', () => {
  it('lists the record events of one record of one integration (none as NO_INTEGRATION), oldest first', () => {
    const s = state();
    applyEvent(s, acceptedEvent(13, 'record.deleted', { recordId: 'r1' }, 'int_b'));
    applyEvent(s, acceptedEvent(14, 'sync.events.processed', { recordId: 'r1' }, 'int_b'));
    applyEvent(s, acceptedEvent(15, 'record.modified', { recordId: 'r10' }, 'int_b'));
    expect(seqs(recordTimeline(s, 'int_b', 'r1'))).toEqual([1, 13]);
    expect(seqs(recordTimeline(s, NO_INTEGRATION, 'r1'))).toEqual([5]);
    expect(seqs(recordTimeline(s, 'int_a', 'r1'))).toEqual([9]);
    expect(seqs(recordTimeline(s, 'int_unknown', 'r1'))).toEqual([]);
    expect(recordTimeline(s, 'int_b', 'r1')[1]).toMatchObject({ eventType: 'record.deleted', eventId: 'e_13' });
  });
});

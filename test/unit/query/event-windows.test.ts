import { describe, expect, it } from 'vitest';
import { applyEvent, applyRetry } from '../../../electron/core/state/apply';
import { State } from '../../../electron/core/state/state';
import { EventWindows } from '../../../electron/core/query/event-windows';
import { EMPTY_FILTER, type EventFilter } from '../../../shared/api/event-filter';
import { profileData } from '../../support/core';
import { acceptedEvent } from '../../support/accepted-event';

let seq = 0;
/** record.new of `recordId` in run `sr_<integration>` of `integrationId`, or a sync event when recordId is null. */
function add(state: State, integrationId: string, recordId: string | null, first = 'Ana'): void {
  seq++;
  const eventType = recordId === null ? 'sync.events.processed' : 'record.new';
  applyEvent(
    state,
    acceptedEvent(
      seq,
      eventType,
      { syncRunId: `sr_${integrationId}`, syncType: 'initial_sync', recordId, eventData: profileData(first, `N${seq}`) },
      integrationId,
    ),
  );
}

const filter = (over: Partial<EventFilter>): EventFilter => ({ ...EMPTY_FILTER, ...over });
const ids = (w: { rows: Array<{ eventId: string }> }): string[] => w.rows.map((e) => e.eventId);

describe('EventWindows', () => {
  it('answers windows of the stored events newest first, filtered and counted', () => {
    seq = 0;
    const state = new State();
    for (let i = 1; i <= 10; i++) add(state, i % 2 ? 'int_a' : 'int_b', `r${i}`, i === 4 ? 'Zoë' : 'Ana');
    add(state, 'int_a', null);
    const windows = new EventWindows();
    expect(windows.query(state, { filter: EMPTY_FILTER, offset: 0, limit: 3 })).toMatchObject({ total: 11, stored: 11 });
    expect(ids(windows.query(state, { filter: EMPTY_FILTER, offset: 2, limit: 3 }))).toEqual(['e_9', 'e_8', 'e_7']);
    const b = windows.query(state, { filter: filter({ integrationId: 'int_b' }), offset: 1, limit: 2 });
    expect(b).toMatchObject({ total: 5, stored: 11 });
    expect(ids(b)).toEqual(['e_8', 'e_6']);
    expect(ids(windows.query(state, { filter: filter({ text: 'zo' }), offset: 0, limit: 10 }))).toEqual(['e_4']);
    expect(ids(windows.query(state, { filter: filter({ categories: ['sync'] }), offset: 0, limit: 10 }))).toEqual(['e_11']);
    expect(windows.query(state, { filter: filter({ syncRunId: 'sr_int_a' }), offset: 6, limit: 10 })).toMatchObject({ rows: [], total: 6 });
  });

  it('extends a kept filter with the events that arrived since, and starts over after a purge', () => {
    seq = 0;
    const state = new State();
    for (let i = 1; i <= 4; i++) add(state, 'int_a', `r${i}`);
    const windows = new EventWindows();
    const onlyA = filter({ integrationId: 'int_a' });
    expect(windows.query(state, { filter: onlyA, offset: 0, limit: 10 }).total).toBe(4);
    add(state, 'int_b', 'r5');
    add(state, 'int_a', 'r6');
    expect(ids(windows.query(state, { filter: onlyA, offset: 0, limit: 2 }))).toEqual(['e_6', 'e_4']);
    // A purge rebuilds the state without the purged events (JournalStore.purge): the kept positions no longer hold.
    const purged = new State();
    for (const meta of state.events.values()) if (meta.eventId !== 'e_1') purged.events.append(meta);
    expect(windows.query(purged, { filter: onlyA, offset: 0, limit: 10 })).toMatchObject({ total: 4, stored: 5 });
    expect(ids(windows.query(purged, { filter: onlyA, offset: 3, limit: 10 }))).toEqual(['e_2']);
  });

  it('counts redeliveries on the event and on its run', () => {
    seq = 0;
    const state = new State();
    add(state, 'int_a', 'r1');
    applyRetry(state, 'e_1');
    applyRetry(state, 'e_1');
    expect(state.runs.get('sr_int_a')?.redeliveries).toBe(2);
    expect(new EventWindows().query(state, { filter: EMPTY_FILTER, offset: 0, limit: 1 }).rows[0]?.retries).toBe(2);
  });

  it('keeps the positions of at most its budget of bytes, the filter asked last always, and extends it in place', () => {
    seq = 0;
    const state = new State();
    for (let i = 0; i < 40; i++) add(state, `int_${i % 4}`, `r${i}`);
    const windows = new EventWindows({ entries: 8, bytes: 10_000 }); // a filter's positions start at 1,024 entries: 4,096 bytes
    for (let k = 0; k < 4; k++) expect(windows.query(state, { filter: filter({ integrationId: `int_${k}` }), offset: 0, limit: 1 }).total).toBe(10);
    expect(windows.keptSize()).toEqual({ entries: 2, bytes: 8_192 });
    add(state, 'int_3', 'r40');
    expect(windows.query(state, { filter: filter({ integrationId: 'int_3' }), offset: 0, limit: 1 }).total).toBe(11);
    expect(windows.keptSize()).toEqual({ entries: 2, bytes: 8_192 });
    for (let k = 0; k < 12; k++) windows.query(state, { filter: filter({ text: `r${k}` }), offset: 0, limit: 1 });
    expect(windows.keptSize().bytes).toBeLessThanOrEqual(10_000);
  });
});
